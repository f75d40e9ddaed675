package org.intranet.connector.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.intranet.connector.simulator.SoqlQuery.Condition;
import org.intranet.connector.simulator.SoqlQuery.FieldPath;
import org.intranet.connector.simulator.SoqlQuery.Operator;
import org.junit.jupiter.api.Test;

class SoqlParserTest {

    @Test
    void parsesSelectWhereOrderLimit() {
        SoqlQuery query = SoqlParser.parse("select id, Manager.Name, manager.email, Profile.Name from user"
                + " WHERE SystemModstamp >= 2024-01-02T03:04:05Z and IsActive = false AND Title != null"
                + " order by SystemModstamp, Id desc nulls first LIMIT 10 OFFSET 5");

        assertEquals("User", query.from().name());
        assertEquals(List.of("Id", "Manager.Name", "Manager.Email", "Profile.Name"),
                query.select().stream().map(FieldPath::apiName).toList());
        assertEquals(3, query.where().size());
        Condition since = query.where().get(0);
        assertEquals(Operator.GE, since.operator());
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), since.literal().value());
        assertEquals(Boolean.FALSE, query.where().get(1).literal().value());
        assertTrue(query.where().get(2).literal().isNull());
        assertEquals(Operator.NE, query.where().get(2).operator());
        assertEquals(2, query.orderBy().size());
        assertFalse(query.orderBy().get(0).descending());
        assertFalse(query.orderBy().get(0).nullsLast());
        assertTrue(query.orderBy().get(1).descending());
        assertFalse(query.orderBy().get(1).nullsLast());
        assertEquals(10, query.limit());
        assertEquals(5, query.offset());
    }

    @Test
    void parsesDatetimeLiteralWithMillisAndOffset() {
        SoqlQuery query = SoqlParser.parse(
                "SELECT Id FROM User WHERE LastModifiedDate < 2024-01-02T05:04:05.250+0200");

        assertEquals(Instant.parse("2024-01-02T03:04:05.250Z"), query.where().get(0).literal().value());
        assertEquals(Operator.LT, query.where().get(0).operator());
    }

    @Test
    void parsesStringEscapes() {
        SoqlQuery query = SoqlParser.parse("SELECT Id FROM User WHERE LastName = 'O\\'Brien' AND Title = 'a\\\\b'");

        assertEquals("O'Brien", query.where().get(0).literal().value());
        assertEquals("a\\b", query.where().get(1).literal().value());
    }

    @Test
    void normalizesFifteenCharacterIdLiteral() {
        SoqlQuery query = SoqlParser.parse("SELECT Id FROM User WHERE ManagerId = '005dM00000aYaE4'");

        assertEquals("005dM00000aYaE4QAK", query.where().get(0).literal().value());
    }

    @Test
    void unknownColumnIsInvalidField() {
        SoqlException error = assertThrows(SoqlException.class, () -> SoqlParser.parse("SELECT Id, Foo FROM User"));

        assertEquals("INVALID_FIELD", error.errorCode());
        assertTrue(error.getMessage().contains("No such column 'Foo' on entity 'User'"), error.getMessage());
        assertTrue(error.getMessage().contains("ERROR at Row:1:Column:12"), error.getMessage());
    }

    @Test
    void unknownRelationshipIsInvalidField() {
        SoqlException error = assertThrows(SoqlException.class,
                () -> SoqlParser.parse("SELECT Boss.Name FROM User"));

        assertEquals("INVALID_FIELD", error.errorCode());
        assertTrue(error.getMessage().contains("Didn't understand relationship 'Boss'"), error.getMessage());
    }

    @Test
    void missingFromIsMalformed() {
        SoqlException error = assertThrows(SoqlException.class, () -> SoqlParser.parse("SELECT Id, FROM User"));

        assertEquals("MALFORMED_QUERY", error.errorCode());
        assertTrue(error.getMessage().endsWith("unexpected token: 'FROM'"), error.getMessage());
    }

    @Test
    void malformedInputsAreRejected() {
        String[] malformed = {"SELECT FROM User", "SELECT Id FROM User WHERE", "SELECT Id FROM User LIMIT x",
            "SELECT Id FROM User WHERE Name = 'open", "SELECT Id FROM User ORDER SystemModstamp",
            "SELECT Id FROM User WHERE IsActive = true OR IsActive = false", "UPDATE User", "SELECT Id FROM User ;"};
        for (String soql : malformed) {
            SoqlException error = assertThrows(SoqlException.class, () -> SoqlParser.parse(soql), soql);
            assertEquals("MALFORMED_QUERY", error.errorCode(), soql);
        }
    }

    @Test
    void otherObjectIsInvalidType() {
        SoqlException error = assertThrows(SoqlException.class, () -> SoqlParser.parse("SELECT Id FROM Account"));

        assertEquals("INVALID_TYPE", error.errorCode());
    }

    @Test
    void literalTypeMustMatchField() {
        SoqlException quotedDate = assertThrows(SoqlException.class,
                () -> SoqlParser.parse("SELECT Id FROM User WHERE SystemModstamp > '2024-01-01T00:00:00Z'"));
        assertEquals("INVALID_FIELD", quotedDate.errorCode());
        assertTrue(quotedDate.getMessage().contains("must be of type dateTime"), quotedDate.getMessage());

        SoqlException quotedBoolean = assertThrows(SoqlException.class,
                () -> SoqlParser.parse("SELECT Id FROM User WHERE IsActive = 'true'"));
        assertEquals("INVALID_FIELD", quotedBoolean.errorCode());

        SoqlException badId = assertThrows(SoqlException.class,
                () -> SoqlParser.parse("SELECT Id FROM User WHERE Id = 'abc'"));
        assertEquals("INVALID_QUERY_FILTER_OPERATOR", badId.errorCode());
    }

    @Test
    void duplicateFieldIsRejected() {
        SoqlException error = assertThrows(SoqlException.class, () -> SoqlParser.parse("SELECT Id, ID FROM User"));

        assertEquals("MALFORMED_QUERY", error.errorCode());
    }

    @Test
    void noLimitMeansNull() {
        assertNull(SoqlParser.parse("SELECT Id FROM User").limit());
    }
}
