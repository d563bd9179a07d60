package io.microbs.ecommerce.productimages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Build step (run by the verticles build in {@code process-classes}, headless): draws the picture of
 * every product of the seed catalogue and writes it as a JPEG named after the product's
 * {@code filename} into the given folder, which that build puts on the content service's class path
 * (its {@code content/images/}). None of this code ships: the service only reads the JPEGs.
 */
public final class ProductImageGenerator {
  private static final float JPEG_QUALITY = 0.86f;

  private ProductImageGenerator() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ProductImageGenerator <seed products.csv> <output folder>");
    }
    List<SeedProduct> items = SeedProduct.read(Path.of(args[0]));
    Path folder = Files.createDirectories(Path.of(args[1]));
    for (SeedProduct item : items) {
      writeJpeg(new ProductImagePainter(item).paint(), folder.resolve(item.filename()));
    }
    System.out.println("drew " + items.size() + " product images into " + folder);
  }

  private static void writeJpeg(java.awt.image.BufferedImage image, Path file) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(JPEG_QUALITY);
    Files.deleteIfExists(file);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
