package org.intranet.connector.simulator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.intranet.connector.simulator.SObjectSchema.Field;
import org.intranet.connector.simulator.SObjectSchema.FieldType;
import org.intranet.connector.simulator.SObjectSchema.Relationship;
import org.intranet.connector.simulator.SoqlQuery.Condition;
import org.intranet.connector.simulator.SoqlQuery.FieldPath;
import org.intranet.connector.simulator.SoqlQuery.Literal;
import org.intranet.connector.simulator.SoqlQuery.Operator;
import org.intranet.connector.simulator.SoqlQuery.OrderItem;

/**
 * Parses the SOQL subset the simulator serves:
 * {@code SELECT path, ... FROM User [WHERE path op literal [AND ...]] [ORDER BY path [ASC|DESC]
 * [NULLS FIRST|LAST], ...] [LIMIT n] [OFFSET n]}. Keywords and field names ignore case. Errors carry
 * Salesforce's error codes and its message layout (query line, caret, "ERROR at Row:r:Column:c").
 */
final class SoqlParser {

    static final String MALFORMED_QUERY = "MALFORMED_QUERY";
    static final String INVALID_FIELD = "INVALID_FIELD";
    static final String INVALID_TYPE = "INVALID_TYPE";
    static final String INVALID_QUERY_FILTER_OPERATOR = "INVALID_QUERY_FILTER_OPERATOR";

    private static final Pattern DATETIME_LITERAL = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final Pattern DATE_LITERAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?![T\\d])");
    private static final Pattern NUMBER_LITERAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final DateTimeFormatter DATETIME_LITERAL_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS][.SS][.S]XXX");

    private enum TokenType { WORD, STRING, NUMBER, DATETIME, DATE, OPERATOR, COMMA, LEFT_PAREN, RIGHT_PAREN, END }

    private record Token(TokenType type, String text, Object value, int offset) {

        boolean isKeyword(String keyword) {
            return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
        }
    }

    private final String soql;
    private final List<Token> tokens;
    private int position;

    private SoqlParser(String soql) {
        this.soql = soql;
        this.tokens = tokenize(soql);
    }

    /** Parses {@code soql} and checks it against the simulated schema, or throws {@link SoqlException}. */
    static SoqlQuery parse(String soql) {
        if (soql == null || soql.isBlank()) {
            throw new SoqlException(MALFORMED_QUERY, "A query string is required in the q parameter");
        }
        return new SoqlParser(soql).parseQuery();
    }

    private SoqlQuery parseQuery() {
        expectKeyword("SELECT");
        List<Token> selectTokens = new ArrayList<>();
        selectTokens.add(expectWord());
        while (peek().type() == TokenType.COMMA) {
            next();
            selectTokens.add(expectWord());
        }
        expectKeyword("FROM");
        Token objectToken = expectWord();
        SObjectSchema schema = SObjectSchema.forType(objectToken.text())
                .filter(found -> found == SObjectSchema.USER)
                .orElseThrow(() -> error(INVALID_TYPE, objectToken, "sObject type '" + objectToken.text()
                        + "' is not supported. If you are attempting to use a custom object, be sure to append"
                        + " the '__c' after the entity name. Please reference your WSDL or the describe call"
                        + " for the appropriate names."));

        List<FieldPath> select = new ArrayList<>();
        Set<String> selectedNames = new HashSet<>();
        for (Token token : selectTokens) {
            FieldPath path = resolvePath(schema, token);
            if (!selectedNames.add(path.apiName().toLowerCase(Locale.ROOT))) {
                throw error(MALFORMED_QUERY, token, "duplicate field selected: " + path.apiName());
            }
            select.add(path);
        }

        List<Condition> where = new ArrayList<>();
        if (peek().isKeyword("WHERE")) {
            next();
            where.add(parseCondition(schema));
            while (peek().isKeyword("AND")) {
                next();
                where.add(parseCondition(schema));
            }
            if (peek().isKeyword("OR")) {
                throw error(MALFORMED_QUERY, peek(), "The Salesforce simulator supports only AND between"
                        + " WHERE conditions");
            }
        }

        List<OrderItem> orderBy = new ArrayList<>();
        if (peek().isKeyword("ORDER")) {
            next();
            expectKeyword("BY");
            orderBy.add(parseOrderItem(schema));
            while (peek().type() == TokenType.COMMA) {
                next();
                orderBy.add(parseOrderItem(schema));
            }
        }

        Integer limit = null;
        if (peek().isKeyword("LIMIT")) {
            next();
            limit = expectNonNegativeInteger();
        }
        Integer offset = null;
        if (peek().isKeyword("OFFSET")) {
            next();
            offset = expectNonNegativeInteger();
        }
        if (peek().type() != TokenType.END) {
            throw unexpected(peek());
        }
        return new SoqlQuery(schema, List.copyOf(select), List.copyOf(where), List.copyOf(orderBy), limit, offset);
    }

    private Condition parseCondition(SObjectSchema schema) {
        if (peek().type() == TokenType.LEFT_PAREN) {
            throw error(MALFORMED_QUERY, peek(), "The Salesforce simulator does not support parentheses in WHERE");
        }
        Token pathToken = expectWord();
        FieldPath path = resolvePath(schema, pathToken);
        Token operatorToken = next();
        if (operatorToken.type() != TokenType.OPERATOR) {
            throw unexpected(operatorToken);
        }
        Operator operator = toOperator(operatorToken);
        Token literalToken = next();
        Literal literal = toLiteral(literalToken);
        return new Condition(path, operator, checkLiteralType(path, literal, literalToken));
    }

    private OrderItem parseOrderItem(SObjectSchema schema) {
        FieldPath path = resolvePath(schema, expectWord());
        boolean descending = false;
        if (peek().isKeyword("ASC")) {
            next();
        } else if (peek().isKeyword("DESC")) {
            next();
            descending = true;
        }
        boolean nullsLast = descending;
        if (peek().isKeyword("NULLS")) {
            next();
            Token which = next();
            if (which.isKeyword("FIRST")) {
                nullsLast = false;
            } else if (which.isKeyword("LAST")) {
                nullsLast = true;
            } else {
                throw unexpected(which);
            }
        }
        return new OrderItem(path, descending, nullsLast);
    }

    private FieldPath resolvePath(SObjectSchema schema, Token token) {
        String[] parts = token.text().split("\\.", -1);
        List<Relationship> relationships = new ArrayList<>();
        SObjectSchema current = schema;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            Relationship relationship = current.relationship(part).orElseThrow(() -> error(INVALID_FIELD, token,
                    "Didn't understand relationship '" + part + "' in field path. If you are attempting to use a"
                            + " custom relationship, be sure to append the '__r' after the custom relationship"
                            + " name. Please reference your WSDL or the describe call for the appropriate names."));
            relationships.add(relationship);
            current = SObjectSchema.forType(relationship.targetType()).orElseThrow();
        }
        String fieldName = parts[parts.length - 1];
        SObjectSchema owner = current;
        Field field = owner.field(fieldName).orElseThrow(() -> error(INVALID_FIELD, token,
                "No such column '" + fieldName + "' on entity '" + owner.name() + "'. If you are attempting to"
                        + " use a custom field, be sure to append the '__c' after the custom field name. Please"
                        + " reference your WSDL or the describe call for the appropriate names."));
        return new FieldPath(List.copyOf(relationships), field);
    }

    private Literal checkLiteralType(FieldPath path, Literal literal, Token token) {
        if (literal.isNull()) {
            return literal;
        }
        FieldType type = path.field().type();
        String fieldName = path.field().name();
        switch (type) {
            case ID, REFERENCE -> {
                requireLiteral(literal.isString(), fieldName, "id", true, token);
                String id = (String) literal.value();
                boolean validLength = id.length() == 15 || id.length() == 18;
                if (!validLength || !id.matches("[0-9A-Za-z]+")
                        || id.length() == 18 && !SalesforceIds.isValid18(id)) {
                    throw error(INVALID_QUERY_FILTER_OPERATOR, token, "invalid ID field: " + id);
                }
                return new Literal(SalesforceIds.to18(id));
            }
            case STRING -> requireLiteral(literal.isString(), fieldName, "string", true, token);
            case BOOLEAN -> requireLiteral(literal.isBoolean(), fieldName, "boolean", false, token);
            case DATETIME -> requireLiteral(literal.isDateTime(), fieldName, "dateTime", false, token);
            case DATE -> requireLiteral(literal.isDate(), fieldName, "date", false, token);
            default -> throw new IllegalStateException("Unhandled field type " + type);
        }
        return literal;
    }

    private void requireLiteral(boolean matches, String fieldName, String typeName, boolean quoted, Token token) {
        if (!matches) {
            throw error(INVALID_FIELD, token, "value of filter criterion for field '" + fieldName
                    + "' must be of type " + typeName + " and should " + (quoted ? "" : "not ")
                    + "be enclosed in quotes");
        }
    }

    private Literal toLiteral(Token token) {
        return switch (token.type()) {
            case STRING, NUMBER, DATETIME, DATE -> new Literal(token.value());
            case WORD -> {
                if (token.isKeyword("true")) {
                    yield new Literal(Boolean.TRUE);
                }
                if (token.isKeyword("false")) {
                    yield new Literal(Boolean.FALSE);
                }
                if (token.isKeyword("null")) {
                    yield Literal.NULL;
                }
                throw unexpected(token);
            }
            default -> throw unexpected(token);
        };
    }

    private Operator toOperator(Token token) {
        return switch (token.text()) {
            case "=" -> Operator.EQ;
            case "!=", "<>" -> Operator.NE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GE;
            default -> throw unexpected(token);
        };
    }

    private int expectNonNegativeInteger() {
        Token token = next();
        if (token.type() != TokenType.NUMBER || !token.text().matches("\\d+")) {
            throw unexpected(token);
        }
        try {
            return Integer.parseInt(token.text());
        } catch (NumberFormatException e) {
            throw error(MALFORMED_QUERY, token, "number out of range: " + token.text());
        }
    }

    private void expectKeyword(String keyword) {
        Token token = next();
        if (!token.isKeyword(keyword)) {
            throw unexpected(token);
        }
    }

    private Token expectWord() {
        Token token = next();
        if (token.type() != TokenType.WORD || isReservedWord(token.text())) {
            throw unexpected(token);
        }
        return token;
    }

    private static boolean isReservedWord(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "ORDER", "BY", "LIMIT", "OFFSET", "ASC", "DESC",
                    "NULLS", "NULL", "TRUE", "FALSE" -> true;
            default -> false;
        };
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token token = tokens.get(position);
        if (position < tokens.size() - 1) {
            position++;
        }
        return token;
    }

    private SoqlException unexpected(Token token) {
        String text = token.type() == TokenType.END ? "<EOF>" : token.text();
        return error(MALFORMED_QUERY, token, "unexpected token: '" + text + "'");
    }

    private SoqlException error(String errorCode, Token token, String detail) {
        return error(errorCode, soql, token.offset(), detail);
    }

    /** Builds the message layout Salesforce uses for SOQL errors: the query line, a caret, the position. */
    private static SoqlException error(String errorCode, String soql, int offset, String detail) {
        int lineStart = soql.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (offset == 0) {
            lineStart = 0;
        }
        int lineEnd = soql.indexOf('\n', offset);
        String line = soql.substring(lineStart, lineEnd < 0 ? soql.length() : lineEnd);
        int row = 1;
        for (int i = 0; i < lineStart; i++) {
            if (soql.charAt(i) == '\n') {
                row++;
            }
        }
        int column = offset - lineStart + 1;
        String message = "\n" + line + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row + ":Column:"
                + column + "\n" + detail;
        return new SoqlException(errorCode, message);
    }

    private static List<Token> tokenize(String soql) {
        List<Token> result = new ArrayList<>();
        int i = 0;
        int length = soql.length();
        while (i < length) {
            char c = soql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ',') {
                result.add(new Token(TokenType.COMMA, ",", null, i++));
            } else if (c == '(') {
                result.add(new Token(TokenType.LEFT_PAREN, "(", null, i++));
            } else if (c == ')') {
                result.add(new Token(TokenType.RIGHT_PAREN, ")", null, i++));
            } else if (c == '\'') {
                i = readString(soql, i, result);
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                i = readOperator(soql, i, result);
            } else if (Character.isDigit(c) || c == '-' && i + 1 < length && Character.isDigit(soql.charAt(i + 1))) {
                i = readNumberOrDate(soql, i, result);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < length && (Character.isLetterOrDigit(soql.charAt(i)) || soql.charAt(i) == '_'
                        || soql.charAt(i) == '.')) {
                    i++;
                }
                result.add(new Token(TokenType.WORD, soql.substring(start, i), null, start));
            } else {
                throw error(MALFORMED_QUERY, soql, i, "unexpected token: '" + c + "'");
            }
        }
        result.add(new Token(TokenType.END, "", null, length));
        return result;
    }

    private static int readString(String soql, int start, List<Token> result) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (c == '\\') {
                if (i + 1 >= soql.length()) {
                    break;
                }
                char escaped = soql.charAt(i + 1);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case '\'', '"', '\\' -> value.append(escaped);
                    // \_ and \% escape LIKE wildcards and stay as written
                    case '_', '%' -> value.append('\\').append(escaped);
                    default -> throw error(MALFORMED_QUERY, soql, i, "Invalid string literal '"
                            + soql.substring(start, Math.min(soql.length(), i + 2)) + "'. Illegal character sequence '\\"
                            + escaped + "' in string literal.");
                }
                i += 2;
            } else if (c == '\'') {
                result.add(new Token(TokenType.STRING, soql.substring(start, i + 1), value.toString(), start));
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw error(MALFORMED_QUERY, soql, start, "unterminated string literal starting at column " + (start + 1));
    }

    private static int readOperator(String soql, int start, List<Token> result) {
        String two = start + 2 <= soql.length() ? soql.substring(start, start + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("<>")) {
            result.add(new Token(TokenType.OPERATOR, two, null, start));
            return start + 2;
        }
        char c = soql.charAt(start);
        if (c == '!') {
            throw error(MALFORMED_QUERY, soql, start, "unexpected token: '!'");
        }
        result.add(new Token(TokenType.OPERATOR, String.valueOf(c), null, start));
        return start + 1;
    }

    private static int readNumberOrDate(String soql, int start, List<Token> result) {
        Matcher datetime = DATETIME_LITERAL.matcher(soql).region(start, soql.length());
        if (datetime.lookingAt()) {
            String text = datetime.group();
            String normalized = text.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
            try {
                result.add(new Token(TokenType.DATETIME, text,
                        OffsetDateTime.parse(normalized, DATETIME_LITERAL_FORMAT).toInstant(), start));
            } catch (DateTimeParseException e) {
                throw error(MALFORMED_QUERY, soql, start, "line 1:" + start + " no viable alternative at character"
                        + " '" + text + "': invalid date/time literal");
            }
            return datetime.end();
        }
        Matcher date = DATE_LITERAL.matcher(soql).region(start, soql.length());
        if (date.lookingAt()) {
            try {
                result.add(new Token(TokenType.DATE, date.group(), LocalDate.parse(date.group()), start));
            } catch (DateTimeParseException e) {
                throw error(MALFORMED_QUERY, soql, start, "invalid date literal '" + date.group() + "'");
            }
            return date.end();
        }
        Matcher number = NUMBER_LITERAL.matcher(soql).region(start, soql.length());
        if (!number.lookingAt()) {
            throw error(MALFORMED_QUERY, soql, start, "unexpected token: '" + soql.charAt(start) + "'");
        }
        result.add(new Token(TokenType.NUMBER, number.group(), new BigDecimal(number.group()), start));
        return number.end();
    }
}
