package org.intranet.connector.mapping;

import java.util.List;

/**
 * One profile field filled from Salesforce.
 *
 * @param salesforceFields source field paths, such as {@code Title} or {@code Manager.Name};
 *     several only when the first transform is {@code join}
 * @param intranetField the target field in the intranet's profile field catalogue
 * @param readOnly whether users are kept from editing the field in the intranet
 * @param helpText shown next to the field, telling the user where to change it
 */
public record FieldMapping(
        List<String> salesforceFields,
        String intranetField,
        String label,
        boolean readOnly,
        String helpText,
        List<Transform> transforms) {

    public FieldMapping {
        salesforceFields = List.copyOf(salesforceFields);
        transforms = List.copyOf(transforms);
    }
}
