package org.intranet.connector.mapping;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads and validates a profile mapping file such as {@code mappings/user-profile.yaml}.
 * Every error names the file, the entry and the fix.
 */
public final class MappingLoader {

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("profileFields");
    private static final Set<String> ENTRY_KEYS = Set.of("salesforceField", "intranetField", "label", "readOnly",
            "helpText", "transform", "separator", "format");
    /** A field API name or a relationship path of at most five levels, such as {@code Manager.Name}. */
    private static final Pattern FIELD_PATH =
            Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*){0,4}");
    private static final int MAX_LABEL_LENGTH = 120;
    private static final int MAX_HELP_TEXT_LENGTH = 500;

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private final Set<String> intranetFields;

    /** @param intranetFields the names in the intranet's profile field catalogue */
    public MappingLoader(Set<String> intranetFields) {
        this.intranetFields = Set.copyOf(intranetFields);
    }

    public ProfileMapping load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new MappingException("Mapping file " + file + " not found. Create it or set mapping.file "
                    + "to the path of an existing mapping file.");
        } catch (MalformedInputException e) {
            throw new MappingException("Mapping file " + file + " is not valid UTF-8. Save it as UTF-8.");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new MappingException("Mapping file " + file + " is a directory. Set mapping.file to the "
                        + "YAML file inside it, such as mappings/user-profile.yaml.");
            }
            throw new MappingException("Cannot read mapping file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses mapping text; {@code source} names the file in error messages. */
    public ProfileMapping parse(String source, String text) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new MappingException(source + ": invalid YAML" + where + ": " + e.getOriginalMessage()
                    + ". Fix the syntax; the shipped mappings/user-profile.yaml shows the expected layout.");
        }
        if (root == null || !root.isObject()) {
            throw new MappingException(source + ": expected a map with the key 'profileFields', found "
                    + describe(root) + ".");
        }
        rejectUnknownKeys(source, "the top level", root, TOP_LEVEL_KEYS);
        JsonNode entries = root.get("profileFields");
        if (entries == null || !entries.isArray()) {
            throw new MappingException(source + ": 'profileFields' is missing or not a list. Add "
                    + "'profileFields:' with one '- salesforceField: ... intranetField: ...' entry per field.");
        }
        if (entries.size() > ProfileMapping.MAX_FIELDS) {
            throw new MappingException(source + ": " + entries.size() + " profile fields are mapped, but at most "
                    + ProfileMapping.MAX_FIELDS + " are allowed. Remove " + (entries.size() - ProfileMapping.MAX_FIELDS)
                    + " entries from 'profileFields'.");
        }
        List<FieldMapping> fields = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int index = 0; index < entries.size(); index++) {
            FieldMapping field = parseEntry(source, index, entries.get(index));
            if (!targets.add(field.intranetField())) {
                throw new MappingException(entryName(source, index, field.intranetField())
                        + ": intranet field '" + field.intranetField() + "' is mapped twice. Each intranet field "
                        + "may be filled by one entry; remove or rename one of them.");
            }
            fields.add(field);
        }
        return new ProfileMapping(source, fields);
    }

    private FieldMapping parseEntry(String source, int index, JsonNode entry) {
        String name = entryName(source, index, null);
        if (entry == null || !entry.isObject()) {
            throw new MappingException(name + ": expected a map with 'salesforceField' and 'intranetField', found "
                    + describe(entry) + ".");
        }
        String target = requiredText(name, entry, "intranetField");
        name = entryName(source, index, target);
        rejectUnknownKeys(source, name, entry, ENTRY_KEYS);
        if (!intranetFields.contains(target)) {
            throw new MappingException(name + ": unknown intranet field '" + target + "'. Use one of: "
                    + String.join(", ", intranetFields.stream().sorted().toList()) + ".");
        }
        List<String> sources = salesforceFields(name, entry);
        List<Transform> transforms = transforms(name, entry, sources.size());
        String label = optionalText(name, entry, "label", defaultLabel(target));
        if (label.length() > MAX_LABEL_LENGTH) {
            throw new MappingException(name + ": 'label' has " + label.length() + " characters, at most "
                    + MAX_LABEL_LENGTH + " are allowed.");
        }
        boolean readOnly = optionalBoolean(name, entry, "readOnly", true);
        String help = optionalText(name, entry, "helpText", readOnly
                ? "This field comes from Salesforce. To change it, edit your user details in Salesforce; "
                  + "the intranet picks up the change at the next sync."
                : null);
        if (help != null && help.length() > MAX_HELP_TEXT_LENGTH) {
            throw new MappingException(name + ": 'helpText' has " + help.length() + " characters, at most "
                    + MAX_HELP_TEXT_LENGTH + " are allowed.");
        }
        return new FieldMapping(sources, target, label, readOnly, help, transforms);
    }

    private static List<String> salesforceFields(String name, JsonNode entry) {
        JsonNode node = entry.get("salesforceField");
        List<String> fields = new ArrayList<>();
        if (node == null || node.isNull()) {
            throw new MappingException(name + ": 'salesforceField' is missing. Set it to a User field API name "
                    + "such as Title, or a relationship path such as Manager.Name.");
        }
        if (node.isArray()) {
            node.forEach(item -> fields.add(item.isTextual() ? item.asText() : item.toString()));
        } else if (node.isTextual()) {
            fields.add(node.asText());
        } else {
            throw new MappingException(name + ": 'salesforceField' must be a field name or a list of field names, "
                    + "found " + describe(node) + ".");
        }
        if (fields.isEmpty()) {
            throw new MappingException(name + ": 'salesforceField' is an empty list. Name at least one field.");
        }
        for (String field : fields) {
            if (!FIELD_PATH.matcher(field).matches()) {
                throw new MappingException(name + ": invalid Salesforce field '" + field + "'. Use an API name "
                        + "such as Title or MobilePhone, or a relationship path such as Manager.Name.");
            }
        }
        return fields;
    }

    private static List<Transform> transforms(String name, JsonNode entry, int sourceCount) {
        JsonNode node = entry.get("transform");
        List<String> names = new ArrayList<>();
        if (node != null && !node.isNull()) {
            if (node.isArray()) {
                node.forEach(item -> names.add(item.asText()));
            } else if (node.isTextual()) {
                names.add(node.asText());
            } else {
                throw new MappingException(name + ": 'transform' must be a transform name or a list of names, "
                        + "found " + describe(node) + ".");
            }
        }
        List<Transform> transforms = new ArrayList<>();
        for (int position = 0; position < names.size(); position++) {
            String transformName = names.get(position);
            switch (transformName) {
                case "trim" -> transforms.add(new Transform.Trim());
                case "lowercase" -> transforms.add(new Transform.Lowercase());
                case "phone" -> transforms.add(new Transform.Phone());
                case "date" -> transforms.add(dateTransform(name, entry));
                case "join" -> {
                    if (position != 0) {
                        throw new MappingException(name + ": 'join' must be the first transform, because it "
                                + "combines the source fields before the others run.");
                    }
                    transforms.add(new Transform.Join(optionalText(name, entry, "separator", " ")));
                }
                default -> throw new MappingException(name + ": unknown transform '" + transformName
                        + "'. Use one of: " + String.join(", ", Transform.NAMES) + ".");
            }
        }
        boolean joins = !transforms.isEmpty() && transforms.get(0) instanceof Transform.Join;
        if (sourceCount > 1 && !joins) {
            throw new MappingException(name + ": 'salesforceField' lists " + sourceCount + " fields, which needs "
                    + "'transform: join' to combine them. Add it, or map a single field.");
        }
        if (joins && sourceCount < 2) {
            throw new MappingException(name + ": 'join' needs at least two fields in 'salesforceField'.");
        }
        if (entry.has("separator") && !joins) {
            throw new MappingException(name + ": 'separator' only applies to the 'join' transform. Remove it or "
                    + "add 'join'.");
        }
        if (entry.has("format") && transforms.stream().noneMatch(t -> t instanceof Transform.DateFormat)) {
            throw new MappingException(name + ": 'format' only applies to the 'date' transform. Remove it or "
                    + "add 'date'.");
        }
        return transforms;
    }

    private static Transform dateTransform(String name, JsonNode entry) {
        String pattern = optionalText(name, entry, "format", "yyyy-MM-dd");
        try {
            return new Transform.DateFormat(pattern);
        } catch (IllegalArgumentException e) {
            throw new MappingException(name + ": invalid date format '" + pattern + "': " + e.getMessage()
                    + ". Use a java.time pattern such as yyyy-MM-dd or d MMM yyyy.");
        }
    }

    private static void rejectUnknownKeys(String source, String where, JsonNode node, Set<String> allowed) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (!allowed.contains(key)) {
                String prefix = where.startsWith(source) ? where : source + ", " + where;
                throw new MappingException(prefix + ": unknown key '" + key + "'. Allowed keys: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    private static String requiredText(String name, JsonNode entry, String key) {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            throw new MappingException(name + ": '" + key + "' is missing or empty. Set it to the name of an "
                    + "intranet profile field, such as job_title.");
        }
        return node.asText().strip();
    }

    private static String optionalText(String name, JsonNode entry, String key, String defaultValue) {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isTextual()) {
            throw new MappingException(name + ": '" + key + "' must be text, found " + describe(node) + ".");
        }
        return node.asText();
    }

    private static boolean optionalBoolean(String name, JsonNode entry, String key, boolean defaultValue) {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw new MappingException(name + ": '" + key + "' must be true or false, found " + describe(node) + ".");
        }
        return node.asBoolean();
    }

    private static String entryName(String source, int index, String target) {
        return source + ", profileFields[" + index + "]" + (target == null ? "" : " (" + target + ")");
    }

    private static String defaultLabel(String target) {
        String spaced = target.replace('_', ' ');
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a map";
        }
        return "'" + node.asText() + "'";
    }
}
