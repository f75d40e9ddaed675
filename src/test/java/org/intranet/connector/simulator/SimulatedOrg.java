package org.intranet.connector.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.simulator.SObjectSchema.Field;

/**
 * The data of one simulated Salesforce org: User records stored under their API field names, and the
 * standard profiles they point to. All methods are thread-safe, and every read returns copies.
 */
public final class SimulatedOrg {

    /** Org id of every simulated org. It is the invented id used in the recorded sample payloads. */
    static final String ORG_ID = "00Dxx0000009zQkEAI";

    static final String PROFILE_SYSTEM_ADMINISTRATOR = "00edM00000Qj7rBQAR";
    static final String PROFILE_ANALYTICS_INTEGRATION = "00edM00000Qj7rCQAR";
    static final String PROFILE_MINIMUM_ACCESS = "00edM00000Qj7rDQAR";
    static final String PROFILE_MINIMUM_ACCESS_API = "00edM00000Qj7rFQAR";
    static final String PROFILE_CHATTER_FREE = "00edM00000Qj7rGQAR";
    static final String PROFILE_ANALYTICS_SECURITY = "00edM00000Qj7rHQAR";
    static final String PROFILE_STANDARD_USER = SalesforceIds.to18("00edM00000Qj7rI");
    static final String PROFILE_CUSTOMER_COMMUNITY_PLUS = SalesforceIds.to18("00edM00000Qj7rJ");

    /** Profiles the API user cannot see: queries return {@code "Profile": null} for them, as in real orgs. */
    private static final Set<String> HIDDEN_PROFILES = Set.of(PROFILE_MINIMUM_ACCESS, PROFILE_MINIMUM_ACCESS_API);

    /** Id of the user that the simulator's OAuth grants sign in as, {@link SalesforceSimulator#USERNAME}. */
    static final String API_USER_ID = SalesforceIds.to18("005dM00000aZsim");

    /** First sequence number for new user ids. The ids then read 005dM00000c0000..., clear of the recorded ids. */
    private static final long FIRST_USER_SEQUENCE = 12L * 62 * 62 * 62 * 62;

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> profiles = new LinkedHashMap<>();
    private final Clock clock;
    private long nextUserSequence = FIRST_USER_SEQUENCE;

    SimulatedOrg(Clock clock) {
        this.clock = clock;
        addProfile(PROFILE_SYSTEM_ADMINISTRATOR, "System Administrator");
        addProfile(PROFILE_ANALYTICS_INTEGRATION, "Analytics Cloud Integration User");
        // NOTE: the names of the two hidden profiles are guesses, because the recorded query shows them as null.
        addProfile(PROFILE_MINIMUM_ACCESS, "Minimum Access - Salesforce");
        addProfile(PROFILE_MINIMUM_ACCESS_API, "Minimum Access - API Only Integrations");
        addProfile(PROFILE_CHATTER_FREE, "Chatter Free User");
        addProfile(PROFILE_ANALYTICS_SECURITY, "Analytics Cloud Security User");
        addProfile(PROFILE_STANDARD_USER, "Standard User");
        addProfile(PROFILE_CUSTOMER_COMMUNITY_PLUS, "Customer Community Plus User");
    }

    /**
     * Returns the demo org: the 8 recorded users of a real developer org, the API user, and 2,491
     * generated users (2,500 in all) from a fixed seed, so every call returns the same data.
     */
    public static SimulatedOrg sample() {
        return SampleOrgGenerator.sample();
    }

    /** Returns an org with {@code userCount} generated users, the same for the same seed. */
    public static SimulatedOrg generate(long seed, int userCount) {
        return SampleOrgGenerator.generate(seed, userCount);
    }

    /** Returns an org with no users but the standard profiles. */
    public static SimulatedOrg empty() {
        return new SimulatedOrg(Clock.systemUTC());
    }

    public synchronized List<ObjectNode> users() {
        List<ObjectNode> copies = new ArrayList<>(users.size());
        for (ObjectNode user : users.values()) {
            copies.add(user.deepCopy());
        }
        return copies;
    }

    /** Returns a copy of the user with this 15- or 18-character id. */
    public synchronized Optional<ObjectNode> user(String id) {
        ObjectNode user = findUser(id);
        return user == null ? Optional.empty() : Optional.of(user.deepCopy());
    }

    /**
     * Adds a user and returns a copy of the stored record. The org assigns an 18-character Id unless
     * {@code fields} contains a valid unused one. Missing fields are null, except: Name (from FirstName and
     * LastName), IsActive (true), UserType (Standard), ProfileId (Standard User), and CreatedDate,
     * LastModifiedDate and SystemModstamp (now). Values may be String, Boolean, Instant, LocalDate or null.
     */
    public synchronized ObjectNode addUser(Map<String, Object> fields) {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        for (Field field : SObjectSchema.USER.fields()) {
            user.putNull(field.name());
        }
        String id = fields.containsKey("Id") ? (String) fields.get("Id") : nextUserId();
        if (!SalesforceIds.isValid18(id) || !id.startsWith("005")) {
            throw new IllegalArgumentException("User Id must be an 18-character id with prefix 005: " + id);
        }
        if (users.containsKey(id)) {
            throw new IllegalArgumentException("A user with Id " + id + " already exists");
        }
        String now = WireFormats.formatDateTime(WireFormats.toStoredPrecision(clock.instant()));
        user.put("Id", id);
        user.put("IsActive", true);
        user.put("UserType", "Standard");
        user.put("ProfileId", PROFILE_STANDARD_USER);
        user.put("CreatedDate", now);
        user.put("LastModifiedDate", now);
        user.put("SystemModstamp", now);
        setFields(user, fields);
        if (!fields.containsKey("Name")) {
            user.put("Name", fullName(user));
        }
        users.put(id, user);
        return user.deepCopy();
    }

    /** Sets fields and moves SystemModstamp and LastModifiedDate to now. */
    public void update(String id, Map<String, Object> fields) {
        updateAt(id, fields, clock.instant());
    }

    /** Sets fields and moves SystemModstamp and LastModifiedDate to {@code systemModstamp}, e.g. to make ties. */
    public synchronized void updateAt(String id, Map<String, Object> fields, Instant systemModstamp) {
        ObjectNode user = findUser(id);
        if (user == null) {
            throw new IllegalArgumentException("No user with Id " + id);
        }
        if (fields.containsKey("Id")) {
            throw new IllegalArgumentException("The Id of a user cannot be changed");
        }
        setFields(user, fields);
        if (!fields.containsKey("Name") && (fields.containsKey("FirstName") || fields.containsKey("LastName"))) {
            user.put("Name", fullName(user));
        }
        String stamp = WireFormats.formatDateTime(WireFormats.toStoredPrecision(systemModstamp));
        user.put("LastModifiedDate", stamp);
        user.put("SystemModstamp", stamp);
    }

    /** Sets IsActive to false and moves SystemModstamp and LastModifiedDate to now. */
    public void deactivate(String id) {
        update(id, Map.of("IsActive", false));
    }

    public synchronized int size() {
        return users.size();
    }

    public synchronized long activeCount() {
        return users.values().stream().filter(user -> user.get("IsActive").asBoolean()).count();
    }

    public String orgId() {
        return ORG_ID;
    }

    /** Runs a parsed query against a consistent view of the data and returns the rendered rows. */
    synchronized List<ObjectNode> runQuery(SoqlQuery query, String apiVersion) {
        return new SoqlExecutor(recordSource(), apiVersion).execute(query);
    }

    /** Renders the full stored record with attributes first, or returns null when the id is unknown. */
    synchronized ObjectNode renderUser(String id, String apiVersion, List<String> fieldNames) {
        ObjectNode user = findUser(id);
        if (user == null) {
            return null;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("attributes", new SoqlExecutor(recordSource(), apiVersion)
                .attributes("User", user.get("Id").asText()));
        for (Field field : SObjectSchema.USER.fields()) {
            if (fieldNames == null || fieldNames.stream().anyMatch(name -> name.equalsIgnoreCase(field.name()))) {
                result.set(field.name(), user.get(field.name()).deepCopy());
            }
        }
        return result;
    }

    /** Adds a user record exactly as given, so that the generator can keep recorded ids and timestamps. */
    synchronized void insertRecord(ObjectNode user) {
        users.put(user.get("Id").asText(), user);
    }

    private SoqlExecutor.RecordSource recordSource() {
        return new SoqlExecutor.RecordSource() {
            @Override
            public List<ObjectNode> all(String type) {
                return "User".equals(type) ? List.copyOf(users.values()) : List.copyOf(profiles.values());
            }

            @Override
            public ObjectNode find(String type, String id) {
                if ("User".equals(type)) {
                    return findUser(id);
                }
                String profileId = SalesforceIds.to18(id);
                return HIDDEN_PROFILES.contains(profileId) ? null : profiles.get(profileId);
            }
        };
    }

    private ObjectNode findUser(String id) {
        if (id == null || id.length() != 15 && id.length() != 18) {
            return null;
        }
        return users.get(SalesforceIds.to18(id.substring(0, 15)));
    }

    private String nextUserId() {
        String id;
        do {
            id = SalesforceIds.build("005", "dM", nextUserSequence++);
        } while (users.containsKey(id));
        return id;
    }

    private void addProfile(String id, String name) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        profile.put("Id", id);
        profile.put("Name", name);
        profiles.put(id, profile);
    }

    private static void setFields(ObjectNode user, Map<String, Object> fields) {
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            Field field = SObjectSchema.USER.field(entry.getKey()).orElseThrow(() ->
                    new IllegalArgumentException("No such User field: " + entry.getKey()));
            Object value = entry.getValue();
            String name = field.name();
            if (value == null) {
                user.putNull(name);
            } else if (value instanceof Boolean bool) {
                user.put(name, bool);
            } else if (value instanceof Instant instant) {
                user.put(name, WireFormats.formatDateTime(WireFormats.toStoredPrecision(instant)));
            } else if (value instanceof LocalDate date) {
                user.put(name, WireFormats.formatDate(date));
            } else if (value instanceof String text) {
                user.put(name, text);
            } else {
                throw new IllegalArgumentException("Unsupported value type " + value.getClass().getName()
                        + " for field " + name + "; use String, Boolean, Instant, LocalDate or null");
            }
        }
    }

    /**
     * Builds Name as Salesforce displays it: "First Last", or "Last First" for users with Japanese,
     * Chinese or Korean locale, or LastName alone when FirstName is empty.
     */
    static String fullName(ObjectNode user) {
        String first = user.path("FirstName").isNull() ? "" : user.path("FirstName").asText("");
        String last = user.path("LastName").isNull() ? "" : user.path("LastName").asText("");
        if (first.isEmpty()) {
            return last;
        }
        String locale = user.path("LanguageLocaleKey").asText("");
        boolean familyNameFirst = locale.startsWith("ja") || locale.startsWith("zh") || locale.startsWith("ko");
        return familyNameFirst ? last + " " + first : first + " " + last;
    }
}
