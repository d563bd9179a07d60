package io.microbs.ecommerce.platform.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a route takes as its JSON body, said once as a JSON Schema (draft 2020-12) and checked by
 * networknt's json-schema-validator. The caller of a bad request is told what is wrong in the schema's
 * own words: the {@code errorMessage} of the failing (sub)schema, as ajv-errors writes it (a string, or
 * an object keyed by the failing keyword); the deepest one along the failure's path wins.
 */
public final class BodySchema {
  private static final String MESSAGE = "errorMessage";
  /** Knows {@code errorMessage} as a keyword, so it is neither warned about nor checked. */
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().errorMessageKeyword(MESSAGE).build()));
  /** The deepest failure says most: the field itself rather than the object holding it. */
  private static final Comparator<Failure> DEPTH = Comparator.comparingInt(failure -> failure.keywordPath().size());

  /**
   * Where a body fails its schema: the place in the body ({@code [page, size]}; empty: the body itself), the
   * failing keyword's place in the schema ({@code [properties, page, properties, size, minimum]}), and the
   * validator's own words for it.
   */
  public record Failure(List<String> instancePath, List<String> keywordPath, String error) {
    /** The place in the body as a JSON pointer fragment: {@code #/page/size}, {@code #} for the body itself. */
    public String instanceLocation() {
      return "#" + instancePath.stream().map(name -> "/" + name).collect(Collectors.joining());
    }
  }

  private final JsonObject schema;
  private final Schema validator;

  private BodySchema(JsonObject schema) {
    this.schema = schema;
    this.validator = REGISTRY.getSchema(schema.encode());
  }

  /** The schema, written as JSON text (a Java text block reads best). */
  public static BodySchema of(String json) {
    return new BodySchema(new JsonObject(json));
  }

  public static BodySchema of(JsonObject schema) {
    return new BodySchema(schema.copy());
  }

  /** {@code body} (a decoded JSON value) when it has this shape; otherwise a 400 saying what is wrong. */
  public <T> T check(T body) {
    failure(body).ifPresent(failure -> {
      throw ServiceException.badRequest(messageFor(failure));
    });
    return body;
  }

  /** The deepest way {@code body} (a decoded JSON value) fails this schema, the last of equals; empty when it has this shape. */
  public Optional<Failure> failure(Object body) {
    JsonNode tree = body == null ? NullNode.getInstance() : DatabindCodec.mapper().valueToTree(body);
    return validator.validate(tree).stream()
        .map(error -> new Failure(names(error.getInstanceLocation()), names(error.getSchemaLocation().getFragment()),
            error.getMessage()))
        .reduce((deepest, next) -> DEPTH.compare(next, deepest) >= 0 ? next : deepest);
  }

  private static List<String> names(NodePath path) {
    return IntStream.range(0, path.getNameCount()).mapToObj(path::getName).toList();
  }

  /** Walks the failing keyword's path from the root, keeping the last message found on the way. */
  private String messageFor(Failure failure) {
    List<String> path = failure.keywordPath();
    String message = null;
    Object node = schema;
    for (int i = 0; i <= path.size() && node != null; i++) {
      if (node instanceof JsonObject subschema) {
        Object own = subschema.getValue(MESSAGE);
        if (own instanceof String text) {
          message = text;
        } else if (own instanceof JsonObject byKeyword && i < path.size() && byKeyword.getValue(path.get(i)) instanceof String text) {
          message = text;
        }
      }
      node = i == path.size() ? null : child(node, path.get(i));
    }
    return message != null ? message : failure.instanceLocation() + ": " + failure.error();
  }

  private static Object child(Object node, String name) {
    if (node instanceof JsonObject object) {
      return object.getValue(name);
    }
    if (node instanceof JsonArray array && name.matches("\\d+") && Integer.parseInt(name) < array.size()) {
      return array.getValue(Integer.parseInt(name));
    }
    return null;
  }
}
