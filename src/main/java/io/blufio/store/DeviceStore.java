package io.blufio.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Devices table: public keys of the devices allowed to sign API requests. */
public final class DeviceStore {
    private final Database db;

    public DeviceStore(Database db) {
        this.db = db;
    }

    /** Registers a device; returns false if the name is taken (revoked names stay taken). */
    public boolean add(String name, byte[] publicKey, Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO devices(name, public_key, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setBytes(2, publicKey);
                ps.setLong(3, now.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Returns the device named {@code name}, revoked or not. */
    public Optional<Device> find(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM devices WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Returns every device, by name. */
    public List<Device> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM devices ORDER BY name"); ResultSet rs = ps.executeQuery()) {
                List<Device> out = new ArrayList<>();
                while (rs.next()) out.add(map(rs));
                return out;
            }
        });
    }

    /**
     * Replaces the public key of an active device (the local {@code cli} device re-keyed after a restore);
     * returns false if there is no active device of that name.
     */
    public boolean replaceKey(String name, byte[] publicKey) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE devices SET public_key = ? WHERE name = ? AND revoked_at IS NULL")) {
                ps.setBytes(1, publicKey);
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Revokes a device; returns false if there is no active device of that name. */
    public boolean revoke(String name, Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Device map(ResultSet rs) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new Device(rs.getString("name"), rs.getBytes("public_key"), Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
    }
}
