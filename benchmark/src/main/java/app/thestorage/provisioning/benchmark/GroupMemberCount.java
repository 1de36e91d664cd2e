package app.thestorage.provisioning.benchmark;

import app.thestorage.provisioning.directory.DirectoryTables.GroupMembers;
import app.thestorage.provisioning.directory.DirectoryTables.Users;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The members a group has in the directory ({@code directory.group_members}), for {@code benchmark/run}'s group
 * phase to check that every member PATCH it sent was applied: prints {@code MEMBERS <count> USERS <count>}
 * (the users among them that exist in the tenant's directory).
 *
 * <p>Arguments: jdbcUrl dbUser dbPassword tenant groupId.
 */
public final class GroupMemberCount {

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String user = args[1];
        String password = args.length > 2 ? args[2] : "";
        String tenant = args[3];
        String group = args[4];
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement count = db.prepareStatement("""
                     SELECT count(*), count(u.%s)
                     FROM %s m
                     LEFT JOIN %s u ON u.%s = m.%s AND u.%s = m.%s
                     WHERE m.%s = ? AND m.%s = ?""".formatted(Users.ID, GroupMembers.TABLE,
                     Users.TABLE, Users.TENANT, GroupMembers.TENANT, Users.ID, GroupMembers.USER_ID,
                     GroupMembers.TENANT, GroupMembers.GROUP_ID))) {
            count.setString(1, tenant);
            count.setString(2, group);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                System.out.printf("MEMBERS %d USERS %d%n", rows.getLong(1), rows.getLong(2));
            }
        }
    }

    private GroupMemberCount() {
    }
}
