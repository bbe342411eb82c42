package io.blufio.auth;

import io.blufio.ErrorCode;
import io.blufio.store.DataDir;
import io.blufio.store.Device;
import io.blufio.store.DeviceStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices allowed to call the signed API (SPEC section 6): public keys in the database, private keys
 * of devices created on this machine in {@code <data dir>/devices/<name>.key} (mode 0600). Backs the
 * {@code device new|list|revoke|export} commands and the local {@code cli} device that {@code serve}
 * creates on first start.
 */
public final class DeviceRegistry {
    private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);

    /** The device the local CLI signs with; {@link #ensureLocal()} creates it. */
    public static final String LOCAL_DEVICE = "cli";
    /** Valid device names: 1 to 32 characters of {@code a-z 0-9 _ -}, not starting with {@code _} or {@code -}. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final DeviceStore store;
    private final DataDir dataDir;
    private final Clock clock;

    /** Creates a registry over the devices table, the key files of {@code dataDir}, timestamps from {@code clock}. */
    public DeviceRegistry(DeviceStore store, DataDir dataDir, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Generates a key pair for a new device, registers its public key and writes its private key file.
     *
     * @throws AuthException {@code device_name} for an invalid name, {@code device_exists} when the name is
     *     taken (revoked names stay taken) or a key file of that name is already here
     */
    public Device create(String name) {
        checkName(name);
        if (store.find(name).isPresent()) throw exists(name);
        Path file = dataDir.deviceKey(name);
        if (Files.exists(file)) {
            throw new AuthException(ErrorCode.DEVICE_EXISTS, "a key file for device \"" + name + "\" already exists at " + file
                    + " but the device is not registered; move the file away, or restart serve to register it if it is \""
                    + LOCAL_DEVICE + "\"");
        }
        KeyPair pair = DeviceKeys.generate();
        DeviceKeys.writePrivateKey(file, pair.getPrivate());
        boolean added;
        try {
            added = store.add(name, DeviceKeys.rawPublicKey(pair.getPublic()), clock.instant());
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        if (!added) {
            deleteQuietly(file);
            throw exists(name);
        }
        log.info("device.created: device {} registered, private key at {}", name, file);
        return store.find(name).orElseThrow();
    }

    /** What {@link #reconcileLocal()} did to the local {@code cli} device. */
    public enum LocalOutcome {
        /** The row and the key file matched: nothing changed. */
        UNCHANGED,
        /** Neither existed (first start): both were created. */
        CREATED,
        /** A key file without a row, or not matching the row: the file's public key was registered. */
        REGISTERED_FILE,
        /** A row without a key file (a database restored into a fresh data dir): a new key pair replaced it. */
        REKEYED,
        /** The device is revoked: left alone; the local CLI needs another device ({@code blufio device new}). */
        REVOKED,
        /** The key file exists but cannot be read or parsed: left alone (never overwritten) for the operator to fix. */
        KEY_UNUSABLE
    }

    /**
     * The local device after {@link #reconcileLocal()}.
     *
     * @param device the {@code cli} row as stored now
     * @param outcome what was done
     * @param message one sentence for the operator saying what was done and why
     */
    public record LocalDevice(Device device, LocalOutcome outcome, String message) {}

    /**
     * Makes sure the local {@code cli} device is registered and its key file exists, creating both on first
     * start; see {@link #reconcileLocal()}.
     *
     * @return the {@code cli} device as stored
     */
    public Device ensureLocal() {
        LocalDevice local = reconcileLocal();
        switch (local.outcome()) {
            case UNCHANGED, CREATED -> { }  // create() logged the new device
            case REGISTERED_FILE, REKEYED -> log.warn("device.rekeyed: {}", local.message());
            case REVOKED -> log.warn("device.local_revoked: {}", local.message());
            case KEY_UNUSABLE -> log.warn("device.key_unusable: {}", local.message());
        }
        return local.device();
    }

    /**
     * Makes the local {@code cli} device and its key file {@code <data dir>/devices/cli.key} agree, so that
     * {@code status}, {@code api} and {@code shell} can always sign (run by {@code serve} at start and by
     * {@code restore}). Write access to the data dir already proves the operator, so: a key file without a
     * row, or one whose public key differs from the row's, is registered in its place; a row without a key
     * file (the disaster-recovery case: an old backup restored on a new server) gets a fresh key pair, and
     * the old key, which was only ever on the lost machine, is no longer accepted. A revoked {@code cli} stays
     * revoked. Other devices are never touched: their public keys are in the database and their private keys
     * on those devices.
     */
    public LocalDevice reconcileLocal() {
        Optional<Device> row = store.find(LOCAL_DEVICE);
        Path file = dataDir.deviceKey(LOCAL_DEVICE);
        boolean hasFile = Files.exists(file);
        if (row.isEmpty() && !hasFile) {
            return new LocalDevice(create(LOCAL_DEVICE), LocalOutcome.CREATED, "device " + LOCAL_DEVICE + " registered, private key at " + file);
        }
        byte[] raw;
        try {
            raw = hasFile ? DeviceKeys.rawPublicKey(DeviceKeys.publicKeyOf(DeviceKeys.readPrivateKey(file))) : null;
        } catch (AuthException e) {
            return new LocalDevice(row.orElse(null), LocalOutcome.KEY_UNUSABLE, e.getMessage() + "; the local CLI cannot sign until"
                    + " it is fixed: move it away and restart serve (or run restore) to get a new one");
        }
        if (row.isEmpty()) {
            store.add(LOCAL_DEVICE, raw, clock.instant());
            return new LocalDevice(store.find(LOCAL_DEVICE).orElseThrow(), LocalOutcome.REGISTERED_FILE,
                    "key file " + file + " had no device row; registered its public key as device " + LOCAL_DEVICE);
        }
        Device device = row.get();
        if (!device.active()) {
            return new LocalDevice(device, LocalOutcome.REVOKED, "device " + LOCAL_DEVICE + " is revoked, so the local CLI cannot call the API;"
                    + " create another device with 'blufio device new NAME'");
        }
        if (!hasFile) {
            KeyPair pair = DeviceKeys.generate();
            DeviceKeys.writePrivateKey(file, pair.getPrivate());
            store.replaceKey(LOCAL_DEVICE, DeviceKeys.rawPublicKey(pair.getPublic()));
            return new LocalDevice(store.find(LOCAL_DEVICE).orElseThrow(), LocalOutcome.REKEYED, "device " + LOCAL_DEVICE
                    + " had no key file in this data dir (restored database?); made a new key " + file
                    + " and registered it (the old cli key is no longer accepted)");
        }
        if (Arrays.equals(raw, device.publicKey())) return new LocalDevice(device, LocalOutcome.UNCHANGED, "device " + LOCAL_DEVICE + " matches " + file);
        store.replaceKey(LOCAL_DEVICE, raw);
        return new LocalDevice(store.find(LOCAL_DEVICE).orElseThrow(), LocalOutcome.REGISTERED_FILE, "key file " + file
                + " did not match device " + LOCAL_DEVICE + " (restored database?); registered the file's key (the old cli key is no longer accepted)");
    }

    /**
     * Reads the private key of a device created on (or copied to) this machine. When the device is
     * registered in this database, the key must match its public key.
     *
     * @throws AuthException {@code device_name}, {@code device_key_missing} naming the path and the fix,
     *     {@code device_key_invalid}, {@code device_key_mismatch}, {@code device_key_io}
     */
    public PrivateKey loadPrivateKey(String name) {
        checkName(name);
        Path file = dataDir.deviceKey(name);
        if (!Files.exists(file)) {
            throw new AuthException(ErrorCode.DEVICE_KEY_MISSING, "no private key for device \"" + name + "\" at " + file
                    + ", so this machine cannot sign as \"" + name + "\"; restore the file from a backup (mode 0600),"
                    + " copy it from the machine that has it ('blufio device export " + name + "'), or create another"
                    + " device with 'blufio device new NAME'");
        }
        PrivateKey key = DeviceKeys.readPrivateKey(file);
        Optional<Device> device = store.find(name);
        return device.isPresent() ? matching(device.get(), key, file) : key;
    }

    /**
     * Revokes a device: its signatures are refused from now on. Its name stays taken and its key file, if
     * here, stays in place.
     *
     * @throws AuthException {@code device_name}, {@code device_unknown}, {@code device_revoked} (already)
     */
    public void revoke(String name) {
        checkName(name);
        if (store.revoke(name, clock.instant())) {
            log.info("device.revoked: device {}", name);
            return;
        }
        Device device = store.find(name).orElseThrow(() -> unknown(name));
        throw new AuthException(ErrorCode.DEVICE_REVOKED, "device \"" + name + "\" was already revoked at " + device.revokedAt());
    }

    /** Returns every device, revoked ones included, by name. */
    public List<Device> list() {
        return store.list();
    }

    /**
     * Returns the private key of a device as text to copy to another machine: a {@code #} comment line
     * naming the device, then the PKCS#8 PEM block. The caller must treat the text as a secret.
     *
     * @throws AuthException {@code device_name}, {@code device_unknown}, {@code device_revoked},
     *     {@code device_key_missing} when the key file is not on this machine, {@code device_key_mismatch}
     */
    public String export(String name) {
        checkName(name);
        Device device = store.find(name).orElseThrow(() -> unknown(name));
        if (!device.active()) {
            throw new AuthException(ErrorCode.DEVICE_REVOKED, "device \"" + name + "\" is revoked; its key is refused, so exporting"
                    + " it is pointless; create another device with 'blufio device new NAME'");
        }
        Path file = dataDir.deviceKey(name);
        if (!Files.exists(file)) {
            throw new AuthException(ErrorCode.DEVICE_KEY_MISSING, "the private key of device \"" + name + "\" is not on this machine"
                    + " (no file " + file + "); export it where 'blufio device new " + name + "' ran");
        }
        PrivateKey key = matching(device, DeviceKeys.readPrivateKey(file), file);
        return "# blufio device \"" + name + "\": private key, keep secret; save as devices/" + name + ".key (mode 0600)\n"
                + DeviceKeys.toPem(key);
    }

    private static PrivateKey matching(Device device, PrivateKey key, Path file) {
        byte[] raw = DeviceKeys.rawPublicKey(DeviceKeys.publicKeyOf(key));
        if (!Arrays.equals(raw, device.publicKey())) {
            throw new AuthException(ErrorCode.DEVICE_KEY_MISMATCH, "key file " + file + " does not belong to device \""
                    + device.name() + "\" (its public key differs from the registered one); restore the right file");
        }
        return key;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null ? "(none)" : "\"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "\"";
            throw new AuthException(ErrorCode.DEVICE_NAME, "invalid device name " + shown + ": use 1 to 32 characters of"
                    + " a-z, 0-9, '_' and '-', starting with a letter or digit");
        }
    }

    private static AuthException exists(String name) {
        return new AuthException(ErrorCode.DEVICE_EXISTS, "device \"" + name + "\" already exists (revoked names stay taken);"
                + " choose another name");
    }

    private static AuthException unknown(String name) {
        return new AuthException(ErrorCode.DEVICE_UNKNOWN, "no device named \"" + name + "\"; 'blufio device list' shows them");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("device.cleanup: cannot delete {} after a failed registration: {}", file, e.getMessage());
        }
    }
}
