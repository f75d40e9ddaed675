package org.intranet.connector.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.simulator.SObjectSchema.FieldType;
import org.intranet.connector.simulator.SObjectSchema.Relationship;
import org.intranet.connector.simulator.SoqlQuery.Condition;
import org.intranet.connector.simulator.SoqlQuery.FieldPath;
import org.intranet.connector.simulator.SoqlQuery.OrderItem;

/** Runs a {@link SoqlQuery} over stored records and renders rows the way the REST query resource does. */
final class SoqlExecutor {

    /** Stored records by type and id. Implementations return null for a lookup that is empty or not visible. */
    interface RecordSource {
        List<ObjectNode> all(String type);

        ObjectNode find(String type, String id);
    }

    private final RecordSource source;
    private final String apiVersion;

    /** @param apiVersion version used in each record's attributes.url, e.g. "59.0" */
    SoqlExecutor(RecordSource source, String apiVersion) {
        this.source = source;
        this.apiVersion = apiVersion;
    }

    /** Filters, sorts, applies LIMIT and OFFSET, and renders every matching row. */
    List<ObjectNode> execute(SoqlQuery query) {
        List<ObjectNode> matches = new ArrayList<>();
        for (ObjectNode record : source.all(query.from().name())) {
            if (matchesAll(record, query.where())) {
                matches.add(record);
            }
        }
        if (!query.orderBy().isEmpty()) {
            matches.sort(comparator(query.orderBy()));
        }
        int from = query.offset() == null ? 0 : Math.min(query.offset(), matches.size());
        int to = query.limit() == null ? matches.size() : Math.min(matches.size(), from + query.limit());
        List<ObjectNode> rows = new ArrayList<>(to - from);
        for (ObjectNode record : matches.subList(from, to)) {
            rows.add(render(query, record));
        }
        return rows;
    }

    ObjectNode attributes(String type, String id) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("type", type);
        attributes.put("url", "/services/data/v" + apiVersion + "/sobjects/" + type + "/" + id);
        return attributes;
    }

    private boolean matchesAll(ObjectNode record, List<Condition> conditions) {
        for (Condition condition : conditions) {
            if (!matches(record, condition)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(ObjectNode record, Condition condition) {
        FieldType type = condition.path().field().type();
        Comparable<Object> actual = comparable(type, resolve(record, condition.path()));
        Comparable<Object> expected = literalComparable(type, condition.literal().value());
        // SOQL treats null as an ordinary value for = and !=, and a null never satisfies <, <=, >, >=.
        return switch (condition.operator()) {
            case EQ -> actual == null ? expected == null : expected != null && actual.compareTo(expected) == 0;
            case NE -> actual == null ? expected != null : expected == null || actual.compareTo(expected) != 0;
            case LT -> actual != null && expected != null && actual.compareTo(expected) < 0;
            case LE -> actual != null && expected != null && actual.compareTo(expected) <= 0;
            case GT -> actual != null && expected != null && actual.compareTo(expected) > 0;
            case GE -> actual != null && expected != null && actual.compareTo(expected) >= 0;
        };
    }

    private Comparator<ObjectNode> comparator(List<OrderItem> items) {
        Comparator<ObjectNode> result = null;
        for (OrderItem item : items) {
            FieldType type = item.path().field().type();
            Comparator<Comparable<Object>> values = Comparator.naturalOrder();
            if (item.descending()) {
                values = values.reversed();
            }
            values = item.nullsLast() ? Comparator.nullsLast(values) : Comparator.nullsFirst(values);
            Comparator<ObjectNode> byItem = Comparator.comparing(
                    record -> comparable(type, resolve(record, item.path())), values);
            result = result == null ? byItem : result.thenComparing(byItem);
        }
        return result;
    }

    /** Follows the relationships of {@code path} and returns the field value, or null when a lookup is empty. */
    private JsonNode resolve(ObjectNode record, FieldPath path) {
        ObjectNode current = record;
        for (Relationship relationship : path.relationships()) {
            JsonNode parentId = current.get(relationship.idField());
            if (parentId == null || parentId.isNull()) {
                return null;
            }
            current = source.find(relationship.targetType(), parentId.asText());
            if (current == null) {
                return null;
            }
        }
        JsonNode value = current.get(path.field().name());
        return value == null || value.isNull() ? null : value;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(FieldType type, JsonNode value) {
        if (value == null) {
            return null;
        }
        Comparable<?> result = switch (type) {
            case DATETIME -> WireFormats.parseDateTime(value.asText());
            case DATE -> LocalDate.parse(value.asText());
            case BOOLEAN -> value.asBoolean();
            case ID, REFERENCE -> SalesforceIds.to18(value.asText());
            case STRING -> value.asText().toLowerCase(Locale.ROOT);
        };
        return (Comparable<Object>) result;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> literalComparable(FieldType type, Object literal) {
        if (literal == null) {
            return null;
        }
        if (type == FieldType.STRING) {
            return (Comparable<Object>) (Object) ((String) literal).toLowerCase(Locale.ROOT);
        }
        if (literal instanceof Instant || literal instanceof LocalDate || literal instanceof Boolean
                || literal instanceof String) {
            return (Comparable<Object>) literal;
        }
        throw new IllegalStateException("Unexpected literal " + literal + " for a " + type + " field");
    }

    private ObjectNode render(SoqlQuery query, ObjectNode record) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.set("attributes", attributes(query.from().name(), record.get("Id").asText()));
        for (FieldPath path : query.select()) {
            put(row, record, path.relationships(), 0, path);
        }
        return row;
    }

    /**
     * Writes one selected path into {@code target}. A relationship becomes a nested object with its own
     * attributes, shared by all selected fields under it, or null when the lookup is empty.
     */
    private void put(ObjectNode target, ObjectNode record, List<Relationship> relationships, int depth,
            FieldPath path) {
        if (depth == relationships.size()) {
            JsonNode value = record.get(path.field().name());
            target.set(path.field().name(), value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy());
            return;
        }
        Relationship relationship = relationships.get(depth);
        JsonNode existing = target.get(relationship.name());
        if (existing != null) {
            if (existing.isObject()) {
                JsonNode parentId = record.get(relationship.idField());
                ObjectNode parent = source.find(relationship.targetType(), parentId.asText());
                put((ObjectNode) existing, parent, relationships, depth + 1, path);
            }
            return;
        }
        JsonNode parentId = record.get(relationship.idField());
        ObjectNode parent = parentId == null || parentId.isNull()
                ? null
                : source.find(relationship.targetType(), parentId.asText());
        if (parent == null) {
            target.putNull(relationship.name());
            return;
        }
        ObjectNode nested = JsonNodeFactory.instance.objectNode();
        nested.set("attributes", attributes(relationship.targetType(), parent.get("Id").asText()));
        target.set(relationship.name(), nested);
        put(nested, parent, relationships, depth + 1, path);
    }
}
