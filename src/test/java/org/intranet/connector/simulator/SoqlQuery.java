package org.intranet.connector.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import org.intranet.connector.simulator.SObjectSchema.Field;
import org.intranet.connector.simulator.SObjectSchema.Relationship;

/** A parsed and schema-checked SOQL query in the subset that {@link SoqlParser} accepts. */
record SoqlQuery(SObjectSchema from, List<FieldPath> select, List<Condition> where, List<OrderItem> orderBy,
        Integer limit, Integer offset) {

    /** A field reached from the queried object through zero or more parent relationships, e.g. Manager.Email. */
    record FieldPath(List<Relationship> relationships, Field field) {

        String apiName() {
            String prefix = relationships.stream().map(Relationship::name).collect(Collectors.joining("."));
            return prefix.isEmpty() ? field.name() : prefix + "." + field.name();
        }
    }

    enum Operator {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }
    }

    /** A literal value: a String, Boolean, BigDecimal, Instant, LocalDate, or null for the null literal. */
    record Literal(Object value) {

        static final Literal NULL = new Literal(null);

        boolean isNull() {
            return value == null;
        }

        boolean isString() {
            return value instanceof String;
        }

        boolean isBoolean() {
            return value instanceof Boolean;
        }

        boolean isNumber() {
            return value instanceof BigDecimal;
        }

        boolean isDateTime() {
            return value instanceof Instant;
        }

        boolean isDate() {
            return value instanceof LocalDate;
        }
    }

    record Condition(FieldPath path, Operator operator, Literal literal) {
    }

    /** One ORDER BY item. Salesforce puts nulls first for ASC and last for DESC unless NULLS is given. */
    record OrderItem(FieldPath path, boolean descending, boolean nullsLast) {
    }
}
