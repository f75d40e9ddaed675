package org.intranet.connector.simulator;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.simulator.SObjectSchema.Field;

/**
 * Builds deterministic simulated orgs. The generated users form a five-level manager hierarchy
 * (CEO, VPs, directors, managers, staff) and vary on purpose: non-ASCII names, missing phones, titles and
 * departments, inactive users, portal users, and groups of users that share one SystemModstamp.
 */
final class SampleOrgGenerator {

    static final long SAMPLE_SEED = 20_240_521L;
    static final int SAMPLE_SIZE = 2_500;

    /** SystemModstamp shared by exactly five generated users, so that paging and sync code meets a tie. */
    static final Instant TIE_OF_FIVE = Instant.parse("2026-03-14T09:26:53Z");
    /** SystemModstamp shared by a bulk-loaded group of twelve generated users. */
    static final Instant TIE_OF_TWELVE = Instant.parse("2026-09-01T00:00:00Z");

    private static final Instant EARLIEST_CREATED = Instant.parse("2019-01-01T00:00:00Z");
    private static final Instant LATEST_CREATED = Instant.parse("2026-06-30T00:00:00Z");
    private static final Instant LATEST_MODIFIED = Instant.parse("2026-11-30T00:00:00Z");

    private record Region(String country, String division, String timeZone, String locale, String phonePrefix,
            String[] firstNames, String[] lastNames, String[][] cities, String[] streets) {
    }

    private static final Region[] REGIONS = {
        new Region("United States", "Americas", "America/Los_Angeles", "en_US", "+1 415 555 ",
                new String[] {"James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda",
                    "Chris", "Ashley", "Kevin", "Dana"},
                new String[] {"Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "O'Brien",
                    "McDonald", "Nguyen", "Lee", "D'Angelo"},
                new String[][] {{"San Francisco", "CA", "94105"}, {"New York", "NY", "10001"},
                    {"Chicago", "IL", "60601"}, {"Austin", "TX", "73301"}},
                new String[] {"Market Street", "Broadway", "Main Street", "Congress Avenue"}),
        new Region("Germany", "EMEA", "Europe/Berlin", "de", "+49 30 5550 ",
                new String[] {"Jürgen", "Anja", "Lukas", "Jörg", "Käthe", "Matthias", "Sophie", "Björn"},
                new String[] {"Müller", "Schäfer", "Groß", "Weiß", "Becker", "Hoffmann", "Köhler"},
                new String[][] {{"Berlin", "BE", "10117"}, {"München", "BY", "80331"}, {"Hamburg", "HH", "20095"}},
                new String[] {"Friedrichstraße", "Königsallee", "Mönckebergstraße"}),
        new Region("Poland", "EMEA", "Europe/Warsaw", "pl", "+48 22 555 ",
                new String[] {"Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Wojciech", "Zofia"},
                new String[] {"Kowalski", "Wiśniewska", "Wójcik", "Łęcki", "Zieliński", "Dąbrowska"},
                new String[][] {{"Warszawa", "MZ", "00-001"}, {"Kraków", "MA", "30-001"}},
                new String[] {"ul. Marszałkowska", "ul. Floriańska"}),
        new Region("Denmark", "EMEA", "Europe/Copenhagen", "da", "+45 33 55 ",
                new String[] {"Søren", "Åse", "Mads", "Ingrid", "Bjørn"},
                new String[] {"Sørensen", "Jørgensen", "Østergaard", "Nielsen", "Bæk"},
                new String[][] {{"København", null, "1050"}, {"Aarhus", null, "8000"}},
                new String[] {"Nørregade", "Østerbrogade"}),
        new Region("France", "EMEA", "Europe/Paris", "fr", "+33 1 55 ",
                new String[] {"Zoë", "François", "Hélène", "Anaïs", "Jérôme", "Chloé"},
                new String[] {"Lefèvre", "Dubois", "Moreau", "Fontaine", "Dupré", "Bérard"},
                new String[][] {{"Paris", null, "75001"}, {"Lyon", null, "69001"}},
                new String[] {"rue de Rivoli", "rue de la République"}),
        new Region("Spain", "EMEA", "Europe/Madrid", "es", "+34 91 555 ",
                new String[] {"José", "María", "Iñaki", "Ángela", "Nuria"},
                new String[] {"Ñúñez", "García", "Muñoz", "Peña", "Ibáñez"},
                new String[][] {{"Madrid", "M", "28001"}, {"Barcelona", "B", "08001"}},
                new String[] {"Calle de Alcalá", "Carrer de València"}),
        new Region("Ireland", "EMEA", "Europe/Dublin", "en_GB", "+353 1 555 ",
                new String[] {"Siobhán", "Seán", "Niamh", "Aoife"},
                new String[] {"O'Brien", "O'Sullivan", "Ní Bhriain", "Mac Giolla Phádraig"},
                new String[][] {{"Dublin", null, "D02 X285"}},
                new String[] {"Grafton Street"}),
        new Region("Japan", "APAC", "Asia/Tokyo", "ja", "+81 3 5555 ",
                new String[] {"太郎", "花子", "健", "陽菜", "翔"},
                new String[] {"山田", "佐藤", "鈴木", "高橋", "田中"},
                new String[][] {{"東京", "東京都", "100-0005"}, {"大阪", "大阪府", "530-0001"}},
                new String[] {"丸の内1-1-1", "梅田2-2-2"}),
    };

    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Marketing", "Finance", "Human Resources",
        "Customer Support", "Legal", "Operations", "Research & Development"};
    private static final String[] STAFF_TITLES = {"Software Engineer", "Senior Software Engineer", "Account Executive",
        "Analyst", "Support Specialist", "Product Designer", "Recruiter", "Accountant", "Sales Engineer",
        "Marketing Specialist", "Paralegal", "Site Reliability Engineer"};
    private static final String[] PARTNER_COMPANIES = {"Contoso Partners GmbH", "Fabrikam Services Ltd.",
        "Northwind Traders S.A."};
    private static final String[] ABOUT_ME = {
        "Ask me about \"Camel\" routes & <b>SOQL</b>.",
        "Line one.\nLine two after a newline.",
        "Kaffee ☕, Berge ⛰ und gute Bücher 📚",
        "Works remotely; prefers e-mail over calls.",
        "  Leading and trailing spaces  ",
    };

    private SampleOrgGenerator() {
    }

    static SimulatedOrg sample() {
        SimulatedOrg org = new SimulatedOrg(Clock.systemUTC());
        addRecordedUsers(org);
        addApiUser(org);
        addGeneratedUsers(org, new Random(SAMPLE_SEED), SAMPLE_SIZE - org.size());
        return org;
    }

    static SimulatedOrg generate(long seed, int userCount) {
        if (userCount < 0) {
            throw new IllegalArgumentException("userCount must not be negative: " + userCount);
        }
        SimulatedOrg org = new SimulatedOrg(Clock.systemUTC());
        addGeneratedUsers(org, new Random(seed), userCount);
        return org;
    }

    /**
     * Adds the 8 users of the recorded developer-org query (src/test/resources/salesforce-samples/
     * query-users-nango.json) with their ids, names, profiles and timestamps. The other fields are filled in.
     */
    private static void addRecordedUsers(SimulatedOrg org) {
        String org15 = "00dxx0000009zqkeai";
        recorded(org, "005dM00000aYaE4QAK", "autoproc@" + org15, "noreply@" + org15, "Automated", "Process",
                "AutomatedProcess", SimulatedOrg.PROFILE_MINIMUM_ACCESS, "2026-05-01T07:35:37Z");
        recorded(org, "005dM00000aYaE6QAK", "cloud@" + org15, "noreply@" + org15, null,
                "Platform Integration User", "CloudIntegrationUser", SimulatedOrg.PROFILE_MINIMUM_ACCESS_API,
                "2026-05-01T07:35:37Z");
        recorded(org, "005dM00000aYaE7QAK", "automatedclean@" + org15, "noreply@" + org15, null,
                "Data.com Clean", "AutomatedProcess", SimulatedOrg.PROFILE_MINIMUM_ACCESS, "2026-05-01T07:35:37Z");
        recorded(org, "005dM00000aYf0qQAC", "epic.5a6b7c8d9e0f@orgfarm.salesforce.com",
                "epic.orgfarm@salesforce.com", "OrgFarm", "EPIC", "Standard",
                SimulatedOrg.PROFILE_SYSTEM_ADMINISTRATOR, "2026-05-01T21:13:13Z");
        recorded(org, "005dM00000aYaE3QAK", "integration@" + org15 + ".com", "noreply@example.com", "Integration",
                "User", "Standard", SimulatedOrg.PROFILE_ANALYTICS_INTEGRATION, "2026-05-01T21:13:13Z");
        recorded(org, "005dM00000aYaE8QAK", "chatty." + org15 + ".abcdefgh12ij@chatter.salesforce.com",
                "noreply@example.com", null, "Chatter Expert", "CsnOnly", SimulatedOrg.PROFILE_CHATTER_FREE,
                "2026-05-01T21:13:13Z");
        recorded(org, "005dM00000aYaE9QAK", "insightssecurity@" + org15 + ".com", "noreply@example.com",
                "Security", "User", "Standard", SimulatedOrg.PROFILE_ANALYTICS_SECURITY, "2026-05-01T21:13:13Z");
        recorded(org, "005dM00000awSFJQA2", "api.0f9e8d7c6b5a@agentforce.com", "integration.api@example.com",
                "Example", "API", "Standard", SimulatedOrg.PROFILE_SYSTEM_ADMINISTRATOR, "2026-05-06T09:49:19Z");
    }

    // NOTE: the UserType values of the built-in users (AutomatedProcess, CloudIntegrationUser, CsnOnly) are
    // Salesforce picklist values chosen by role, because the recorded query did not select UserType.
    private static void recorded(SimulatedOrg org, String id, String username, String email, String firstName,
            String lastName, String userType, String profileId, String systemModstamp) {
        ObjectNode user = blankUser();
        user.put("Id", id);
        user.put("Username", username);
        user.put("Email", email);
        user.put("FirstName", firstName);
        user.put("LastName", lastName);
        user.put("IsActive", true);
        user.put("UserType", userType);
        user.put("ProfileId", profileId);
        user.put("TimeZoneSidKey", "America/Los_Angeles");
        user.put("LanguageLocaleKey", "en_US");
        user.put("Country", "US");
        String stamp = WireFormats.formatDateTime(Instant.parse(systemModstamp));
        user.put("CreatedDate", WireFormats.formatDateTime(Instant.parse("2026-05-01T07:25:37Z")));
        user.put("LastModifiedDate", stamp);
        user.put("SystemModstamp", stamp);
        user.put("Name", SimulatedOrg.fullName(user));
        org.insertRecord(user);
    }

    private static void addApiUser(SimulatedOrg org) {
        ObjectNode user = blankUser();
        user.put("Id", SimulatedOrg.API_USER_ID);
        user.put("Username", SalesforceSimulator.USERNAME);
        user.put("Email", SalesforceSimulator.USERNAME);
        user.put("FirstName", "Intranet");
        user.put("LastName", "Integration");
        user.put("IsActive", true);
        user.put("UserType", "Standard");
        user.put("ProfileId", SimulatedOrg.PROFILE_SYSTEM_ADMINISTRATOR);
        user.put("CompanyName", "Sample Org Inc.");
        user.put("TimeZoneSidKey", "Europe/Berlin");
        user.put("LanguageLocaleKey", "en_US");
        String stamp = WireFormats.formatDateTime(Instant.parse("2026-05-02T08:00:00Z"));
        user.put("CreatedDate", stamp);
        user.put("LastModifiedDate", stamp);
        user.put("SystemModstamp", stamp);
        user.put("Name", SimulatedOrg.fullName(user));
        org.insertRecord(user);
    }

    private static void addGeneratedUsers(SimulatedOrg org, Random random, int count) {
        int[] levelSizes = {1, Math.max(1, count / 250), Math.max(1, count / 60), Math.max(1, count / 12)};
        List<List<String>> idsByLevel = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idsByLevel.add(new ArrayList<>());
        }
        Set<String> usernames = new HashSet<>();
        List<String> staffIds = new ArrayList<>();

        int level = 0;
        int placedInLevel = 0;
        for (int index = 0; index < count; index++) {
            while (level < levelSizes.length && placedInLevel >= levelSizes[level]) {
                level++;
                placedInLevel = 0;
            }
            placedInLevel++;

            String managerId = null;
            if (level > 0) {
                List<String> candidates = idsByLevel.get(level - 1);
                managerId = candidates.get(random.nextInt(candidates.size()));
            }
            ObjectNode user = generatedUser(random, index, level, managerId, usernames);
            org.insertRecord(user);
            String id = user.get("Id").asText();
            idsByLevel.get(level).add(id);
            if (level == 4) {
                staffIds.add(id);
            }
        }

        applyTie(org, random, staffIds, 5, TIE_OF_FIVE);
        applyTie(org, random, staffIds, 12, TIE_OF_TWELVE);
        // One inactive manager whose reports stay active: a broken chain that sync code must tolerate.
        if (idsByLevel.get(3).size() > 1) {
            org.updateAt(idsByLevel.get(3).get(1), Map.of("IsActive", false), Instant.parse("2026-10-05T12:00:00Z"));
        }
    }

    /** Gives {@code size} distinct staff users exactly {@code stamp} as LastModifiedDate and SystemModstamp. */
    private static void applyTie(SimulatedOrg org, Random random, List<String> staffIds, int size, Instant stamp) {
        if (staffIds.size() < size) {
            return;
        }
        Set<String> chosen = new HashSet<>();
        while (chosen.size() < size) {
            String id = staffIds.get(random.nextInt(staffIds.size()));
            if (chosen.add(id)) {
                ObjectNode user = org.user(id).orElseThrow();
                Map<String, Object> fields = new LinkedHashMap<>();
                if (WireFormats.parseDateTime(user.get("CreatedDate").asText()).isAfter(stamp)) {
                    fields.put("CreatedDate", stamp.minusSeconds(86_400L * 30));
                }
                org.updateAt(id, fields, stamp);
            }
        }
        staffIds.removeAll(chosen);
    }

    private static ObjectNode generatedUser(Random random, int index, int level, String managerId,
            Set<String> usernames) {
        Region region = REGIONS[random.nextInt(REGIONS.length)];
        String firstName = pick(random, region.firstNames());
        String lastName = pick(random, region.lastNames());
        boolean portal = level == 4 && random.nextInt(100) < 2;
        String department = pick(random, DEPARTMENTS);

        ObjectNode user = blankUser();
        user.put("Id", SalesforceIds.build("005", "dM", 12L * 62 * 62 * 62 * 62 + index));
        String localPart = usernameLocalPart(firstName, lastName, index, usernames);
        user.put("Username", localPart + (portal ? "@partners.sample-org.example" : "@sample-org.example"));
        String email = localPart + (portal ? "@partner.example" : "@sample-org.example");
        if (random.nextInt(100) < 3) {
            email = capitalizeDots(localPart) + "@Sample-Org.example";
        }
        user.put("Email", email);
        if (random.nextInt(100) < 2) {
            user.putNull("FirstName");
        } else {
            user.put("FirstName", firstName);
        }
        user.put("LastName", lastName);
        user.put("LanguageLocaleKey", region.locale());
        user.put("TimeZoneSidKey", region.timeZone());
        user.put("Name", SimulatedOrg.fullName(user));
        user.put("IsActive", level < 4 || random.nextInt(100) >= 8);
        user.put("UserType", portal ? "PowerCustomerSuccess" : "Standard");
        user.put("ProfileId", portal ? SimulatedOrg.PROFILE_CUSTOMER_COMMUNITY_PLUS
                : level <= 1 || random.nextInt(100) < 2 ? SimulatedOrg.PROFILE_SYSTEM_ADMINISTRATOR
                : SimulatedOrg.PROFILE_STANDARD_USER);
        user.put("ManagerId", portal || level == 4 && random.nextInt(100) < 3 ? null : managerId);
        user.put("FederationIdentifier", portal || random.nextInt(100) < 15 ? null : email.toLowerCase(Locale.ROOT));
        user.put("Title", title(random, level, department));
        user.put("Department", portal || level == 4 && random.nextInt(100) < 10 ? null : department);
        user.put("Division", portal ? null : region.division());
        user.put("CompanyName", portal ? pick(random, PARTNER_COMPANIES) : "Sample Org Inc.");
        user.put("EmployeeNumber", portal ? null : String.format("E%05d", 10_000 + index));
        user.put("Phone", random.nextInt(100) < 20 ? null : region.phonePrefix() + (1000 + random.nextInt(9000)));
        user.put("MobilePhone", random.nextInt(100) < 35 ? null
                : region.phonePrefix() + "9" + (100 + random.nextInt(900)));
        if (random.nextInt(100) >= 10) {
            String[] city = pick(random, region.cities());
            user.put("Street", pick(random, region.streets()) + " " + (1 + random.nextInt(200)));
            user.put("City", city[0]);
            user.put("State", city[1]);
            user.put("PostalCode", city[2]);
            user.put("Country", region.country());
        }
        user.put("AboutMe", random.nextInt(100) < 10 ? pick(random, ABOUT_ME) : null);

        Instant created = between(random, EARLIEST_CREATED, LATEST_CREATED);
        Instant modified = between(random, created, LATEST_MODIFIED);
        Instant modstamp = modified;
        if (random.nextInt(100) < 10) {
            modstamp = between(random, modified, LATEST_MODIFIED);
        }
        user.put("CreatedDate", WireFormats.formatDateTime(created));
        user.put("LastModifiedDate", WireFormats.formatDateTime(modified));
        user.put("SystemModstamp", WireFormats.formatDateTime(modstamp));
        return user;
    }

    private static String title(Random random, int level, String department) {
        return switch (level) {
            case 0 -> "Chief Executive Officer";
            case 1 -> "VP " + department;
            case 2 -> "Director, " + department;
            case 3 -> department + " Manager";
            default -> random.nextInt(100) < 10 ? null : pick(random, STAFF_TITLES);
        };
    }

    /** Builds a unique ASCII local part such as "lukasz.wojcik". Names without Latin letters get "user" and a number. */
    private static String usernameLocalPart(String firstName, String lastName, int index, Set<String> taken) {
        String base = toAscii(firstName) + "." + toAscii(lastName);
        if (base.startsWith(".") || base.endsWith(".")) {
            base = "user" + (10_000 + index);
        }
        String candidate = base;
        int suffix = 2;
        while (!taken.add(candidate)) {
            candidate = base + suffix++;
        }
        return candidate;
    }

    private static String toAscii(String text) {
        String decomposed = Normalizer.normalize(text.replace("ł", "l").replace("Ł", "L").replace("ø", "o")
                .replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae").replace("ß", "ss"), Normalizer.Form.NFD);
        return decomposed.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }

    private static String capitalizeDots(String localPart) {
        StringBuilder result = new StringBuilder(localPart.length());
        boolean upper = true;
        for (char c : localPart.toCharArray()) {
            result.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '.';
        }
        return result.toString();
    }

    private static Instant between(Random random, Instant from, Instant to) {
        long span = to.getEpochSecond() - from.getEpochSecond();
        if (span <= 0) {
            return from;
        }
        return Instant.ofEpochSecond(from.getEpochSecond() + (long) (random.nextDouble() * span));
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static ObjectNode blankUser() {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        for (Field field : SObjectSchema.USER.fields()) {
            user.putNull(field.name());
        }
        return user;
    }
}
