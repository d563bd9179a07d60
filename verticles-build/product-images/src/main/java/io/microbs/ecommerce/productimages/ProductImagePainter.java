package io.microbs.ecommerce.productimages;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Draws a product's picture with Java2D: a background in the colour of its type, a simple
 * illustration of what it is (a mug, a teacup, a glass, a bottle, beans…) in the colour of the
 * drink, and its name. Decorations are placed by a random generator seeded with the product id,
 * so every product looks different and every build draws the same pictures.
 */
final class ProductImagePainter {
  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  private static final int CX = WIDTH / 2;
  /** Where illustrations stand. */
  private static final int FLOOR = 330;

  private static final Color CERAMIC = new Color(0xFBF8F3);
  private static final Color CERAMIC_EDGE = new Color(0xD9D2C7);
  private static final Color GLASS = new Color(255, 255, 255, 70);
  private static final Color GLASS_EDGE = new Color(255, 255, 255, 230);
  private static final Color ICE = new Color(255, 255, 255, 150);
  private static final Color FOAM = new Color(0xFFF6E5);
  private static final Color CINNAMON = new Color(0x8B4A2B);
  private static final Color LEMON = new Color(0xF7D633);
  private static final Color ORANGE = new Color(0xF59A23);

  private static final Map<String, Color> THEME_BY_TYPE = Map.of(
      "coffee", new Color(0x8C6244),
      "cocoa", new Color(0x9A5B34),
      "tea", new Color(0x5F9136),
      "wine", new Color(0x9C3553),
      "spirits", new Color(0x5B4B8A),
      "juice", new Color(0xE9822B),
      "smoothie", new Color(0xC2407A),
      "water", new Color(0x2F80B5));

  /** Drink colours by a word of the product's name; the first match wins, then the type's default. */
  private static final String[][] LIQUID_BY_WORD = {
      {"chocolate", "#5C3317"}, {"caramel", "#C58B4E"}, {"cocoa latte", "#9B6B4A"}, {"mocha latte", "#7A4A2E"},
      {"mocha", "#5E3A24"}, {"cloud", "#A57A55"}, {"green", "#A4C24F"}, {"honey", "#E3A72F"}, {"chai", "#C4874E"},
      {"orchid", "#D59BC0"}, {"spring tea", "#C7CF62"}, {"sweet tea", "#A85A2A"}, {"cinnamon", "#B65A31"},
      {"breakfast", "#8E4B1F"}, {"spiced tea", "#B0652E"}, {"mimosa", "#F8B739"}, {"citrus wine", "#F1DE7E"},
      {"champagne", "#F2E3A6"}, {"cocktail", "#E2457C"}, {"summer", "#FF8C42"}, {"watermelon", "#F0545A"},
      {"orange", "#FFA21F"}, {"unsmoothie", "#8E4AAE"}, {"juice", "#FF6B3D"}, {"water", "#BFE6FA"}};

  private static final Map<String, String> LIQUID_BY_TYPE = Map.of(
      "coffee", "#4A2C1C", "cocoa", "#5C3317", "tea", "#B5651D", "wine", "#F1DE7E", "spirits", "#E2457C",
      "juice", "#FF6B3D", "smoothie", "#8E4AAE", "water", "#BFE6FA");

  enum Illustration {
    MUG, TEACUP, LATTE_GLASS, TALL_GLASS, WINE_GLASS, FLUTE, MARTINI, TUMBLER, WATER_BOTTLE, CHAMPAGNE_BOTTLE, BEANS,
    SACK, LEAVES
  }

  private final SeedProduct item;
  private final String name;
  private final Color theme;
  private final Color liquid;
  private final Random random;
  private Graphics2D g;

  ProductImagePainter(SeedProduct item) {
    this.item = item;
    this.name = item.name().toLowerCase(Locale.ROOT);
    this.theme = THEME_BY_TYPE.getOrDefault(item.type(), new Color(0x777777));
    this.liquid = liquidColour();
    this.random = new Random(Long.parseLong(item.id(), 16));
  }

  static Illustration illustrationOf(SeedProduct item) {
    String name = item.name().toLowerCase(Locale.ROOT);
    if (name.contains("beans")) {
      return Illustration.BEANS;
    } else if (name.contains("grounds")) {
      return Illustration.SACK;
    } else if (name.contains("blend")) {
      return Illustration.LEAVES;
    } else if (name.contains("champagne")) {
      return Illustration.CHAMPAGNE_BOTTLE;
    } else if (name.contains("mimosa")) {
      return Illustration.FLUTE;
    } else if (name.contains("cocktail")) {
      return Illustration.MARTINI;
    }
    return switch (item.type()) {
      case "water" -> Illustration.WATER_BOTTLE;
      case "wine" -> Illustration.WINE_GLASS;
      case "spirits" -> Illustration.TUMBLER;
      case "juice", "smoothie" -> Illustration.TALL_GLASS;
      case "tea" -> item.cold() ? Illustration.TALL_GLASS : Illustration.TEACUP;
      default -> name.contains("latte") ? Illustration.LATTE_GLASS : Illustration.MUG;
    };
  }

  BufferedImage paint() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      background();
      fill(new Ellipse2D.Double(CX - 150, FLOOR - 14, 300, 30), new Color(0, 0, 0, 45));
      switch (illustrationOf(item)) {
        case MUG -> mug();
        case TEACUP -> teacup();
        case LATTE_GLASS -> latteGlass();
        case TALL_GLASS -> tallGlass();
        case WINE_GLASS -> wineGlass();
        case FLUTE -> flute();
        case MARTINI -> martini();
        case TUMBLER -> tumbler();
        case WATER_BOTTLE -> waterBottle();
        case CHAMPAGNE_BOTTLE -> champagneBottle();
        case BEANS -> beans();
        case SACK -> sack();
        case LEAVES -> leaves();
      }
      label();
    } finally {
      g.dispose();
    }
    return image;
  }

  private Color liquidColour() {
    for (String[] entry : LIQUID_BY_WORD) {
      if (name.contains(entry[0])) {
        return Color.decode(entry[1]);
      }
    }
    return Color.decode(LIQUID_BY_TYPE.getOrDefault(item.type(), "#888888"));
  }

  private void background() {
    g.setPaint(new GradientPaint(0, 0, mix(theme, Color.WHITE, 0.78), 0, HEIGHT, mix(theme, Color.WHITE, 0.35)));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    for (int i = 0; i < 9; i++) {
      double r = 15 + random.nextInt(70);
      fill(new Ellipse2D.Double(random.nextInt(WIDTH) - r, random.nextInt(HEIGHT - 120) - r, 2 * r, 2 * r),
          new Color(255, 255, 255, 40 + random.nextInt(40)));
    }
  }

  /** The name on a light panel, dark enough to read, with the kind of product beneath it. */
  private void label() {
    fill(new RoundRectangle2D.Double(30, 358, WIDTH - 60, 100, 26, 26), new Color(255, 255, 255, 225));
    int size = 42;
    Font font;
    FontMetrics metrics;
    do {
      font = new Font(Font.SANS_SERIF, Font.BOLD, size--);
      metrics = g.getFontMetrics(font);
    } while (metrics.stringWidth(item.name()) > WIDTH - 100 && size > 16);
    g.setFont(font);
    g.setColor(mix(theme, Color.BLACK, 0.55));
    g.drawString(item.name(), CX - metrics.stringWidth(item.name()) / 2, 405);

    String kind = item.type().toUpperCase(Locale.ROOT)
        + (item.temperature() == null ? "" : "  ·  " + item.temperature().toUpperCase(Locale.ROOT))
        + (item.alcoholic() ? "  ·  ALCOHOLIC" : "");
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    g.setFont(small);
    g.setColor(new Color(0x4A4A4A));
    g.drawString(kind, CX - g.getFontMetrics(small).stringWidth(kind) / 2, 438);
  }

  // --- hot drinks ---

  private void mug() {
    stroke(new Ellipse2D.Double(CX + 55, FLOOR - 145, 80, 95), CERAMIC_EDGE, 22);
    stroke(new Ellipse2D.Double(CX + 55, FLOOR - 145, 80, 95), CERAMIC, 14);
    Shape body = new RoundRectangle2D.Double(CX - 95, FLOOR - 185, 190, 185, 46, 46);
    fill(body, CERAMIC);
    Shape oldClip = g.getClip();
    g.clip(body);
    if (name.contains("cascadian")) {
      mountains(CX, FLOOR - 40);
    } else {
      fill(new Rectangle2D.Double(CX - 95, FLOOR - 95, 190, 26), theme);
      fill(new Rectangle2D.Double(CX - 95, FLOOR - 62, 190, 8), mix(theme, Color.WHITE, 0.4));
    }
    g.setClip(oldClip);
    stroke(body, CERAMIC_EDGE, 3);
    fill(new Ellipse2D.Double(CX - 95, FLOOR - 198, 190, 30), CERAMIC_EDGE);
    fill(new Ellipse2D.Double(CX - 85, FLOOR - 193, 170, 22), liquid);
    if (name.contains("chocolate")) {
      for (int i = 0; i < 5; i++) {
        fill(new RoundRectangle2D.Double(CX - 70 + i * 27 + random.nextInt(6), FLOOR - 205 + random.nextInt(8), 24, 18, 8, 8),
            i % 2 == 0 ? Color.WHITE : new Color(0xFDE3EC));
      }
    } else if (name.contains("cloud")) {
      for (int i = 0; i < 6; i++) {
        double r = 26 + random.nextInt(14);
        fill(new Ellipse2D.Double(CX - 80 + i * 28, FLOOR - 215 - random.nextInt(20), r, r), FOAM);
      }
    } else if (name.contains("spiced")) {
      cinnamonSticks(CX - 40, FLOOR - 250, 25);
    } else if (name.contains("mocha")) {
      for (int i = 0; i < 16; i++) {
        fill(new Ellipse2D.Double(CX - 70 + random.nextInt(140), FLOOR - 190 + random.nextInt(14), 7, 4),
            new Color(0x2E1A10));
      }
    } else if (item.description() != null && item.description().contains("cream")) {
      creamSwirl(CX, FLOOR - 184);
    } else {
      heart(CX, FLOOR - 183, mix(liquid, Color.WHITE, 0.55));
    }
    steam(CX, FLOOR - 215);
  }

  /**
   * A bowl symmetric about the centre: a flat rim {@code rimHalfWidth} either side at {@code rimY},
   * curving in through ({@code bellyHalfWidth}, {@code bellyY}) and ({@code baseHalfWidth}, {@code baseY}).
   */
  private static Path2D bowl(double rimHalfWidth, double rimY, double bellyHalfWidth, double bellyY,
      double baseHalfWidth, double baseY) {
    Path2D bowl = new Path2D.Double();
    bowl.moveTo(CX - rimHalfWidth, rimY);
    bowl.lineTo(CX + rimHalfWidth, rimY);
    bowl.curveTo(CX + bellyHalfWidth, bellyY, CX + baseHalfWidth, baseY, CX, baseY);
    bowl.curveTo(CX - baseHalfWidth, baseY, CX - bellyHalfWidth, bellyY, CX - rimHalfWidth, rimY);
    bowl.closePath();
    return bowl;
  }

  private void teacup() {
    fill(new Ellipse2D.Double(CX - 140, FLOOR - 26, 280, 34), CERAMIC_EDGE);
    fill(new Ellipse2D.Double(CX - 132, FLOOR - 24, 264, 26), CERAMIC);
    stroke(new Ellipse2D.Double(CX + 80, FLOOR - 125, 62, 60), CERAMIC_EDGE, 18);
    stroke(new Ellipse2D.Double(CX + 80, FLOOR - 125, 62, 60), CERAMIC, 11);
    Path2D cup = bowl(115, FLOOR - 145, 110, FLOOR - 60, 80, FLOOR - 18);
    fill(cup, CERAMIC);
    Shape oldClip = g.getClip();
    g.clip(cup);
    fill(new Rectangle2D.Double(CX - 120, FLOOR - 112, 240, 14), theme);
    g.setClip(oldClip);
    stroke(cup, CERAMIC_EDGE, 3);
    fill(new Ellipse2D.Double(CX - 115, FLOOR - 158, 230, 28), CERAMIC_EDGE);
    fill(new Ellipse2D.Double(CX - 106, FLOOR - 154, 212, 20), liquid);
    // the tea bag's string over the rim, and its tag
    Path2D string = new Path2D.Double();
    string.moveTo(CX - 40, FLOOR - 146);
    string.quadTo(CX - 100, FLOOR - 170, CX - 132, FLOOR - 95);
    stroke(string, new Color(0xEFEFEF), 2);
    fill(new RoundRectangle2D.Double(CX - 152, FLOOR - 98, 40, 48, 6, 6), Color.WHITE);
    fill(new RoundRectangle2D.Double(CX - 147, FLOOR - 93, 30, 38, 4, 4), theme);
    if (name.contains("cinnamon") || name.contains("chai") || name.contains("spiced")) {
      cinnamonSticks(CX + 110, FLOOR - 40, -70);
    }
    if (name.contains("honey")) {
      flower(CX + 150, FLOOR - 20, Color.WHITE, new Color(0xF2B705));
    } else if (name.contains("orchid")) {
      flower(CX + 150, FLOOR - 20, new Color(0xE58CC4), new Color(0xFFF1A8));
    } else if (name.contains("spring") || name.contains("green")) {
      leaf(CX + 140, FLOOR - 14, 60, 30, 35, new Color(0x6FAF3F));
      leaf(CX + 175, FLOOR - 22, 50, 26, -25, new Color(0x8CC152));
    } else if (name.contains("citrus")) {
      citrusWheel(CX + 150, FLOOR - 22, 26, ORANGE);
    }
    steam(CX, FLOOR - 175);
  }

  private void latteGlass() {
    Path2D glass = new Path2D.Double();
    glass.moveTo(CX - 68, FLOOR - 240);
    glass.lineTo(CX + 68, FLOOR - 240);
    glass.lineTo(CX + 56, FLOOR);
    glass.lineTo(CX - 56, FLOOR);
    glass.closePath();
    Shape oldClip = g.getClip();
    g.clip(glass);
    fill(new Rectangle2D.Double(CX - 70, FLOOR - 240, 140, 240), GLASS);
    fill(new Rectangle2D.Double(CX - 70, FLOOR - 75, 140, 75), mix(liquid, Color.BLACK, 0.35));
    fill(new Rectangle2D.Double(CX - 70, FLOOR - 175, 140, 100), mix(liquid, Color.WHITE, 0.45));
    fill(new Rectangle2D.Double(CX - 70, FLOOR - 215, 140, 40), FOAM);
    for (int i = 0; i < 14; i++) {
      fill(new Ellipse2D.Double(CX - 55 + random.nextInt(110), FLOOR - 212 + random.nextInt(30), 5, 5), liquid);
    }
    fill(new Rectangle2D.Double(CX - 50, FLOOR - 235, 12, 230), new Color(255, 255, 255, 90));
    g.setClip(oldClip);
    stroke(glass, GLASS_EDGE, 4);
    if (name.contains("caramel")) {
      Path2D drizzle = new Path2D.Double();
      drizzle.moveTo(CX - 60, FLOOR - 205);
      for (int i = 0; i < 6; i++) {
        drizzle.lineTo(CX - 45 + i * 20, FLOOR - (i % 2 == 0 ? 190 : 210));
      }
      stroke(drizzle, new Color(0xB8732E), 5);
    }
    steam(CX, FLOOR - 265);
  }

  // --- cold drinks ---

  private void tallGlass() {
    Shape glass = new RoundRectangle2D.Double(CX - 62, FLOOR - 225, 124, 225, 18, 18);
    Path2D straw = new Path2D.Double();
    straw.moveTo(CX + 15, FLOOR - 40);
    straw.lineTo(CX + 45, FLOOR - 270);
    straw.lineTo(CX + 95, FLOOR - 300);
    stroke(straw, theme, 12);
    Shape oldClip = g.getClip();
    g.clip(glass);
    fill(new Rectangle2D.Double(CX - 65, FLOOR - 225, 130, 225), GLASS);
    boolean smoothie = "smoothie".equals(item.type());
    fill(new Rectangle2D.Double(CX - 65, FLOOR - 190, 130, 190), liquid);
    if (!smoothie) {
      for (int i = 0; i < 4; i++) {
        fill(new RoundRectangle2D.Double(CX - 50 + random.nextInt(60), FLOOR - 185 + i * 30 + random.nextInt(10), 36, 32, 8, 8),
            ICE);
      }
    }
    fill(new Rectangle2D.Double(CX - 45, FLOOR - 220, 12, 215), new Color(255, 255, 255, 90));
    g.setClip(oldClip);
    stroke(glass, GLASS_EDGE, 4);
    if (smoothie) {
      for (int i = 0; i < 5; i++) {
        fill(new Ellipse2D.Double(CX - 70 + i * 24, FLOOR - 250 - (i % 2) * 12, 48, 48), new Color(0xFFF3F8));
      }
      fill(new Ellipse2D.Double(CX - 20, FLOOR - 272, 22, 22), new Color(0x4B2A6B));
      fill(new Ellipse2D.Double(CX + 5, FLOOR - 265, 20, 20), new Color(0xD6336C));
    } else if (name.contains("watermelon")) {
      watermelonWedge(CX - 62, FLOOR - 222);
    } else if (name.contains("orange")) {
      citrusWheel(CX - 62, FLOOR - 222, 38, ORANGE);
    } else if (name.contains("tea")) {
      citrusWheel(CX - 62, FLOOR - 222, 36, LEMON);
      leaf(CX - 20, FLOOR - 240, 44, 22, 30, new Color(0x4E9A3A));
    } else {
      fill(new Ellipse2D.Double(CX - 90, FLOOR - 250, 34, 34), new Color(0xD9302C));
      citrusWheel(CX - 40, FLOOR - 225, 30, new Color(0x9BCB3C));
    }
  }

  private void wineGlass() {
    stem(FLOOR - 118);
    Path2D bowl = bowl(70, FLOOR - 275, 85, FLOOR - 165, 45, FLOOR - 118);
    Shape oldClip = g.getClip();
    g.clip(bowl);
    fill(new Rectangle2D.Double(CX - 90, FLOOR - 280, 180, 170), GLASS);
    fill(new Rectangle2D.Double(CX - 90, FLOOR - 200, 180, 90), liquid);
    fill(new Ellipse2D.Double(CX - 55, FLOOR - 260, 16, 110), new Color(255, 255, 255, 110));
    g.setClip(oldClip);
    stroke(bowl, GLASS_EDGE, 4);
    citrusWheel(CX + 68, FLOOR - 272, 30, LEMON);
  }

  private void flute() {
    stem(FLOOR - 125);
    Shape bowl = new RoundRectangle2D.Double(CX - 34, FLOOR - 300, 68, 185, 60, 90);
    Shape oldClip = g.getClip();
    g.clip(bowl);
    fill(new Rectangle2D.Double(CX - 40, FLOOR - 300, 80, 190), GLASS);
    fill(new Rectangle2D.Double(CX - 40, FLOOR - 255, 80, 145), liquid);
    for (int i = 0; i < 12; i++) {
      double r = 3 + random.nextInt(5);
      stroke(new Ellipse2D.Double(CX - 25 + random.nextInt(50), FLOOR - 250 + random.nextInt(120), r, r),
          new Color(255, 255, 255, 200), 1.5f);
    }
    g.setClip(oldClip);
    stroke(bowl, GLASS_EDGE, 4);
    citrusWheel(CX + 34, FLOOR - 296, 30, ORANGE);
  }

  private void martini() {
    stem(FLOOR - 120);
    Path2D bowl = new Path2D.Double();
    bowl.moveTo(CX - 115, FLOOR - 250);
    bowl.lineTo(CX + 115, FLOOR - 250);
    bowl.lineTo(CX, FLOOR - 120);
    bowl.closePath();
    Shape oldClip = g.getClip();
    g.clip(bowl);
    fill(new Rectangle2D.Double(CX - 120, FLOOR - 250, 240, 135), GLASS);
    fill(new Rectangle2D.Double(CX - 120, FLOOR - 225, 240, 110), liquid);
    g.setClip(oldClip);
    stroke(bowl, GLASS_EDGE, 4);
    line(CX - 70, FLOOR - 290, CX + 10, FLOOR - 170, new Color(0x6B4F2A), 4);
    fill(new Ellipse2D.Double(CX - 14, FLOOR - 200, 30, 30), new Color(0xB3122E));
    Font font = new Font(Font.SERIF, Font.BOLD, 54);
    g.setFont(font);
    g.setColor(new Color(255, 255, 255, 200));
    g.drawString("?", CX + 28, FLOOR - 160);
  }

  private void tumbler() {
    Shape glass = new RoundRectangle2D.Double(CX - 85, FLOOR - 160, 170, 160, 20, 20);
    Shape oldClip = g.getClip();
    g.clip(glass);
    fill(new Rectangle2D.Double(CX - 90, FLOOR - 160, 180, 160), GLASS);
    g.setPaint(new GradientPaint(0, FLOOR - 130, liquid, 0, FLOOR, new Color(0xE8456B)));
    g.fill(new Rectangle2D.Double(CX - 90, FLOOR - 130, 180, 130));
    for (int i = 0; i < 3; i++) {
      fill(new RoundRectangle2D.Double(CX - 60 + i * 42 + random.nextInt(8), FLOOR - 140 + random.nextInt(20), 38, 34, 8, 8), ICE);
    }
    g.setClip(oldClip);
    stroke(glass, GLASS_EDGE, 4);
    citrusWheel(CX - 80, FLOOR - 158, 36, ORANGE);
    // a paper umbrella
    line(CX + 40, FLOOR - 60, CX + 75, FLOOR - 230, new Color(0x8A6A3B), 4);
    Path2D umbrella = new Path2D.Double();
    umbrella.moveTo(CX + 15, FLOOR - 215);
    umbrella.quadTo(CX + 75, FLOOR - 290, CX + 140, FLOOR - 240);
    umbrella.closePath();
    fill(umbrella, theme);
  }

  private void waterBottle() {
    Path2D bottle = new Path2D.Double();
    bottle.moveTo(CX - 22, FLOOR - 285);
    bottle.lineTo(CX + 22, FLOOR - 285);
    bottle.lineTo(CX + 22, FLOOR - 255);
    bottle.quadTo(CX + 62, FLOOR - 235, CX + 62, FLOOR - 195);
    bottle.lineTo(CX + 62, FLOOR - 12);
    bottle.quadTo(CX + 62, FLOOR, CX + 50, FLOOR);
    bottle.lineTo(CX - 50, FLOOR);
    bottle.quadTo(CX - 62, FLOOR, CX - 62, FLOOR - 12);
    bottle.lineTo(CX - 62, FLOOR - 195);
    bottle.quadTo(CX - 62, FLOOR - 235, CX - 22, FLOOR - 255);
    bottle.closePath();
    Shape oldClip = g.getClip();
    g.clip(bottle);
    fill(new Rectangle2D.Double(CX - 65, FLOOR - 290, 130, 290), new Color(255, 255, 255, 110));
    fill(new Rectangle2D.Double(CX - 65, FLOOR - 215, 130, 215), liquid);
    fill(new Rectangle2D.Double(CX - 65, FLOOR - 150, 130, 60), theme);
    Path2D wave = new Path2D.Double();
    wave.moveTo(CX - 65, FLOOR - 115);
    for (int i = 0; i < 4; i++) {
      wave.quadTo(CX - 50 + i * 34, FLOOR - 135, CX - 33 + i * 34, FLOOR - 115);
    }
    stroke(wave, Color.WHITE, 4);
    fill(new Rectangle2D.Double(CX - 45, FLOOR - 230, 10, 220), new Color(255, 255, 255, 120));
    g.setClip(oldClip);
    stroke(bottle, GLASS_EDGE, 4);
    fill(new RoundRectangle2D.Double(CX - 26, FLOOR - 310, 52, 30, 8, 8), mix(theme, Color.BLACK, 0.2));
  }

  private void champagneBottle() {
    Color glass = new Color(0x1F4D2E);
    Path2D bottle = new Path2D.Double();
    bottle.moveTo(CX - 18, FLOOR - 300);
    bottle.lineTo(CX + 18, FLOOR - 300);
    bottle.lineTo(CX + 20, FLOOR - 220);
    bottle.curveTo(CX + 60, FLOOR - 190, CX + 62, FLOOR - 170, CX + 62, FLOOR - 140);
    bottle.lineTo(CX + 62, FLOOR - 10);
    bottle.quadTo(CX + 62, FLOOR, CX + 52, FLOOR);
    bottle.lineTo(CX - 52, FLOOR);
    bottle.quadTo(CX - 62, FLOOR, CX - 62, FLOOR - 10);
    bottle.lineTo(CX - 62, FLOOR - 140);
    bottle.curveTo(CX - 62, FLOOR - 170, CX - 60, FLOOR - 190, CX - 20, FLOOR - 220);
    bottle.closePath();
    fill(bottle, glass);
    fill(new RoundRectangle2D.Double(CX - 22, FLOOR - 305, 44, 75, 10, 10), new Color(0xD4AF37));
    fill(new Ellipse2D.Double(CX - 48, FLOOR - 130, 96, 70), new Color(0xF6EFD9));
    fill(new Ellipse2D.Double(CX - 30, FLOOR - 112, 60, 34), theme);
    fill(new Rectangle2D.Double(CX - 45, FLOOR - 185, 9, 170), new Color(255, 255, 255, 60));
    for (int i = 0; i < 6; i++) {
      sparkle(CX - 150 + random.nextInt(300), FLOOR - 300 + random.nextInt(120), 8 + random.nextInt(8));
    }
  }

  // --- beans, grounds, leaves ---

  private void beans() {
    Color base = mix(new Color(0x5A3420), new Color(0x8A5A35), random.nextDouble());
    for (int i = 0; i < 26; i++) {
      double angle = random.nextDouble() * Math.PI * 2;
      double radius = Math.sqrt(random.nextDouble());
      double x = CX + Math.cos(angle) * radius * 150;
      double y = FLOOR - 70 + Math.sin(angle) * radius * 55 - (1 - radius) * 70;
      bean(x, y, random.nextDouble() * Math.PI, mix(base, Color.BLACK, random.nextDouble() * 0.3));
    }
  }

  private void sack() {
    Color burlap = new Color(0xC9A46C);
    Path2D bag = new Path2D.Double();
    bag.moveTo(CX - 70, FLOOR - 230);
    bag.quadTo(CX, FLOOR - 210, CX + 70, FLOOR - 230);
    bag.quadTo(CX + 130, FLOOR - 120, CX + 110, FLOOR - 10);
    bag.quadTo(CX, FLOOR + 8, CX - 110, FLOOR - 10);
    bag.quadTo(CX - 130, FLOOR - 120, CX - 70, FLOOR - 230);
    bag.closePath();
    fill(bag, burlap);
    stroke(bag, mix(burlap, Color.BLACK, 0.3), 3);
    Path2D top = new Path2D.Double();
    top.moveTo(CX - 70, FLOOR - 230);
    top.quadTo(CX - 60, FLOOR - 275, CX - 30, FLOOR - 265);
    top.quadTo(CX, FLOOR - 290, CX + 30, FLOOR - 265);
    top.quadTo(CX + 60, FLOOR - 275, CX + 70, FLOOR - 230);
    fill(top, mix(burlap, Color.WHITE, 0.15));
    line(CX - 60, FLOOR - 226, CX + 60, FLOOR - 226, theme, 8);
    fill(new RoundRectangle2D.Double(CX - 60, FLOOR - 160, 120, 90, 14, 14), new Color(0xF6EFD9));
    bean(CX, FLOOR - 115, 0.5, theme);
    for (int i = 0; i < 90; i++) {
      double r = 3 + random.nextInt(4);
      fill(new Ellipse2D.Double(CX - 170 + random.nextInt(340), FLOOR - 8 + random.nextInt(18), r, r),
          mix(new Color(0x3B2314), new Color(0x6B4226), random.nextDouble()));
    }
  }

  /** Five leaves in a ring, one for each tea of the blend. */
  private void leaves() {
    Color[] teas = {new Color(0x5E9E3A), new Color(0xE6E1C3), new Color(0xF0D98A), new Color(0x8B6B3D), new Color(0x4F6272)};
    for (int i = 0; i < teas.length; i++) {
      double angle = -Math.PI / 2 + i * 2 * Math.PI / teas.length;
      leaf(CX + Math.cos(angle) * 85, FLOOR - 145 + Math.sin(angle) * 85, 120, 62, Math.toDegrees(angle) + 90, teas[i]);
    }
    fill(new Ellipse2D.Double(CX - 26, FLOOR - 171, 52, 52), new Color(255, 255, 255, 200));
  }

  // --- small parts ---

  private void stem(int bowlBottom) {
    line(CX, bowlBottom, CX, FLOOR - 6, GLASS_EDGE, 6);
    fill(new Ellipse2D.Double(CX - 55, FLOOR - 14, 110, 18), GLASS_EDGE);
  }

  private void steam(double x, double bottom) {
    for (int i = -1; i <= 1; i++) {
      Path2D wisp = new Path2D.Double();
      double sx = x + i * 40;
      wisp.moveTo(sx, bottom);
      wisp.curveTo(sx - 18, bottom - 22, sx + 18, bottom - 40, sx, bottom - 62);
      stroke(wisp, new Color(255, 255, 255, 190), 6);
    }
  }

  private void cinnamonSticks(double x, double y, double degrees) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(Math.toRadians(degrees));
    for (int i = 0; i < 2; i++) {
      Shape stick = new RoundRectangle2D.Double(i * 16, 0, 14, 120, 8, 8);
      fill(stick, CINNAMON);
      stroke(stick, mix(CINNAMON, Color.BLACK, 0.35), 2);
    }
    g.setTransform(saved);
  }

  /** The Cascades: snow-capped peaks around the mug. */
  private void mountains(double x, double bottom) {
    double[][] peaks = {{-60, 95}, {0, 125}, {60, 85}};
    for (double[] peak : peaks) {
      double px = x + peak[0];
      double top = bottom - peak[1];
      Path2D mountain = new Path2D.Double();
      mountain.moveTo(px - 70, bottom);
      mountain.lineTo(px, top);
      mountain.lineTo(px + 70, bottom);
      mountain.closePath();
      fill(mountain, mix(theme, Color.BLACK, 0.1 + peak[1] / 600));
      Path2D snow = new Path2D.Double();
      snow.moveTo(px - 17, top + 24);
      snow.lineTo(px, top);
      snow.lineTo(px + 17, top + 24);
      snow.closePath();
      fill(snow, Color.WHITE);
    }
  }

  private void creamSwirl(double x, double y) {
    Path2D swirl = new Path2D.Double();
    swirl.moveTo(x - 55, y);
    swirl.curveTo(x - 30, y - 14, x - 10, y + 12, x + 10, y - 2);
    swirl.curveTo(x + 25, y - 12, x + 40, y + 8, x + 55, y - 2);
    stroke(swirl, FOAM, 6);
  }

  private void heart(double x, double y, Color colour) {
    Path2D heart = new Path2D.Double();
    heart.moveTo(x, y + 8);
    heart.curveTo(x - 30, y - 6, x - 14, y - 16, x, y - 5);
    heart.curveTo(x + 14, y - 16, x + 30, y - 6, x, y + 8);
    fill(heart, colour);
  }

  private void citrusWheel(double x, double y, double radius, Color peel) {
    fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius), peel);
    fill(new Ellipse2D.Double(x - radius * 0.85, y - radius * 0.85, radius * 1.7, radius * 1.7), mix(peel, Color.WHITE, 0.7));
    for (int i = 0; i < 8; i++) {
      double angle = i * Math.PI / 4;
      line(x, y, x + Math.cos(angle) * radius * 0.8,
          y + Math.sin(angle) * radius * 0.8, mix(peel, Color.WHITE, 0.3), 2);
    }
  }

  private void watermelonWedge(double x, double y) {
    Path2D wedge = new Path2D.Double();
    wedge.moveTo(x - 45, y - 10);
    wedge.quadTo(x, y + 50, x + 45, y - 10);
    wedge.closePath();
    stroke(wedge, new Color(0x2E8B3D), 10);
    fill(wedge, new Color(0xF25C5C));
    for (int i = 0; i < 4; i++) {
      fill(new Ellipse2D.Double(x - 25 + i * 14, y + 2 + (i % 2) * 6, 5, 8), new Color(0x222222));
    }
  }

  private void flower(double x, double y, Color petals, Color centre) {
    for (int i = 0; i < 6; i++) {
      double angle = i * Math.PI / 3;
      fill(new Ellipse2D.Double(x + Math.cos(angle) * 16 - 11, y + Math.sin(angle) * 16 - 11, 22, 22), petals);
    }
    fill(new Ellipse2D.Double(x - 10, y - 10, 20, 20), centre);
  }

  private void leaf(double x, double y, double length, double width, double degrees, Color colour) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(Math.toRadians(degrees));
    Path2D leaf = new Path2D.Double();
    leaf.moveTo(0, -length / 2);
    leaf.quadTo(width, 0, 0, length / 2);
    leaf.quadTo(-width, 0, 0, -length / 2);
    fill(leaf, colour);
    line(0, -length / 2 + 6, 0, length / 2 - 6,
        mix(colour, Color.BLACK, 0.3), 2);
    g.setTransform(saved);
  }

  private void bean(double x, double y, double radians, Color colour) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(radians);
    Shape bean = new Ellipse2D.Double(-24, -16, 48, 32);
    fill(bean, colour);
    Path2D crease = new Path2D.Double();
    crease.moveTo(-18, 0);
    crease.curveTo(-6, -8, 6, 8, 18, 0);
    stroke(crease, mix(colour, Color.BLACK, 0.5), 3);
    g.setTransform(saved);
  }

  private void sparkle(double x, double y, double size) {
    Path2D star = new Path2D.Double();
    star.moveTo(x, y - size);
    star.quadTo(x, y, x + size, y);
    star.quadTo(x, y, x, y + size);
    star.quadTo(x, y, x - size, y);
    star.quadTo(x, y, x, y - size);
    fill(star, new Color(0xFFF4C2));
  }

  private void line(double x1, double y1, double x2, double y2, Color colour, float width) {
    stroke(new Line2D.Double(x1, y1, x2, y2), colour, width);
  }

  private void fill(Shape shape, Color colour) {
    g.setColor(colour);
    g.fill(shape);
  }

  private void stroke(Shape shape, Color colour, float width) {
    g.setColor(colour);
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(shape);
  }

  private static Color mix(Color a, Color b, double towardsB) {
    double t = Math.max(0, Math.min(1, towardsB));
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }
}
