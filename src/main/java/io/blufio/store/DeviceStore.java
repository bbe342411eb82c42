package io.blufio.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
        return db.write(c -> Sql.update(c, "INSERT INTO devices(name, public_key, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
                name, publicKey, now) == 1);
    }

    /** Returns the device named {@code name}, revoked or not. */
    public Optional<Device> find(String name) {
        return db.read(c -> Sql.one(c, "SELECT * FROM devices WHERE name = ?", DeviceStore::map, name));
    }

    /** Returns every device, by name. */
    public List<Device> list() {
        return db.read(c -> Sql.list(c, "SELECT * FROM devices ORDER BY name", DeviceStore::map));
    }

    /**
     * Replaces the public key of an active device (the local {@code cli} device re-keyed after a restore);
     * returns false if there is no active device of that name.
     */
    public boolean replaceKey(String name, byte[] publicKey) {
        return db.write(c -> Sql.update(c, "UPDATE devices SET public_key = ? WHERE name = ? AND revoked_at IS NULL", publicKey, name) == 1);
    }

    /** Revokes a device; returns false if there is no active device of that name. */
    public boolean revoke(String name, Instant now) {
        return db.write(c -> Sql.update(c, "UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", now, name) == 1);
    }

    private static Device map(ResultSet rs) throws SQLException {
        return new Device(rs.getString("name"), rs.getBytes("public_key"), Sql.instant(rs, "created_at"), Sql.instantOrNull(rs, "revoked_at"));
    }
}
