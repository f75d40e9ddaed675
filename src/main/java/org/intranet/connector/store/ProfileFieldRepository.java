package org.intranet.connector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** The intranet's profile field catalogue and which fields Salesforce owns. */
public final class ProfileFieldRepository {

    private final DataSource dataSource;

    public ProfileFieldRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<ProfileField> all() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT name, label, source, salesforce_field, "
                     + "read_only, help_text, max_length, position FROM profile_field ORDER BY position, name");
             ResultSet rows = select.executeQuery()) {
            List<ProfileField> fields = new ArrayList<>();
            while (rows.next()) {
                fields.add(new ProfileField(rows.getString("name"), rows.getString("label"), rows.getString("source"),
                        rows.getString("salesforce_field"), rows.getBoolean("read_only"),
                        rows.getString("help_text"), rows.getInt("max_length"), rows.getInt("position")));
            }
            return fields;
        } catch (SQLException e) {
            throw new StoreException("Cannot read profile fields: " + e.getMessage(), e);
        }
    }

    /**
     * Marks the mapped fields as owned by Salesforce, with their label, read-only flag and
     * help text, and hands every other field back to the intranet, in one transaction.
     */
    public void applyMapping(List<ProfileField> mapped) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement reset = connection.prepareStatement("UPDATE profile_field SET source = 'local', "
                    + "salesforce_field = NULL, read_only = FALSE, help_text = NULL");
                 PreparedStatement update = connection.prepareStatement("UPDATE profile_field SET source = "
                         + "'salesforce', salesforce_field = ?, label = ?, read_only = ?, help_text = ? "
                         + "WHERE name = ?")) {
                reset.executeUpdate();
                for (ProfileField field : mapped) {
                    update.setString(1, field.salesforceField());
                    update.setString(2, field.label());
                    update.setBoolean(3, field.readOnly());
                    update.setString(4, field.helpText());
                    update.setString(5, field.name());
                    update.addBatch();
                }
                update.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot store the profile field mapping: " + e.getMessage(), e);
        }
    }
}
