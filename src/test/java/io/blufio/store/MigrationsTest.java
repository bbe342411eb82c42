package io.blufio.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class MigrationsTest {
    @Test
    void splitStatements_keepsTriggerBodiesWhole_andDropsComments() {
        String sql = """
                -- a comment; with a semicolon
                CREATE TABLE a (x INTEGER); -- trailing
                CREATE TRIGGER t AFTER INSERT ON a BEGIN
                    INSERT INTO b VALUES (new.x);
                    DELETE FROM c;
                END;
                CREATE INDEX i ON a(x);
                """;
        assertThat(Migrations.splitStatements(sql)).containsExactly(
                "CREATE TABLE a (x INTEGER)",
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n    INSERT INTO b VALUES (new.x);\n    DELETE FROM c;\nEND",
                "CREATE INDEX i ON a(x)");
    }

    @Test
    void files_areDiscoveredInOrderFromV1() {
        assertThat(Migrations.FILES).first().isEqualTo("V1.sql");
        for (int i = 0; i < Migrations.FILES.size(); i++) assertThat(Migrations.FILES.get(i)).isEqualTo("V" + (i + 1) + ".sql");
    }
}
