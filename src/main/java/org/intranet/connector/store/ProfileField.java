package org.intranet.connector.store;

/**
 * One intranet profile field.
 *
 * @param source {@code salesforce} when the mapping fills it, {@code local} when users edit it
 * @param maxLength the longest value stored, in characters
 */
public record ProfileField(
        String name,
        String label,
        String source,
        String salesforceField,
        boolean readOnly,
        String helpText,
        int maxLength,
        int position) {
}
