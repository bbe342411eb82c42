package io.blufio.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one JDBC connection; may throw {@link SQLException}, which the {@link Database} wraps. */
@FunctionalInterface
public interface SqlWork<T> {
    /** Runs against {@code c}; must not keep the connection after returning. */
    T run(Connection c) throws SQLException;
}
