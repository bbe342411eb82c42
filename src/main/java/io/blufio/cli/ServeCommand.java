package io.blufio.cli;

import io.blufio.app.App;
import io.blufio.config.LoadedConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import sun.misc.Signal;

/** {@code blufio serve}: the daemon in the foreground. */
@Command(name = "serve", mixinStandardHelpOptions = true, header = "Run the daemon in the foreground (logs to stderr).",
        description = {"Opens the data dir (only one serve may own it), starts the HTTP API and the channels,",
                "and runs until SIGTERM or SIGINT. Then it stops accepting messages, lets in-flight turns finish",
                "for up to daemon.shutdown_grace_s seconds (unfinished ones run again at the next start),",
                "checkpoints the WAL and exits 0."},
        footer = {"", "Exit codes: 0 stopped by a signal, 1 failure, 75 another blufio holds the data dir, 78 invalid configuration or a vault that cannot be opened",
                "(set BLUFIO_VAULT_KEY to its passphrase)."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);
    private final GlobalOptions global;

    ServeCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() {
        var validation = global.validateForServe();  // the same rules and messages as `config validate`
        if (!validation.valid()) throw new io.blufio.config.ConfigException(validation.problems());
        LoadedConfig loaded = validation.loaded().orElseThrow();
        Logging.level(loaded.config().agent().logLevel());
        Logging.format(loaded.config().agent().logFormat());
        validation.warnings().forEach(w -> log.warn("config: {}", w));
        CountDownLatch stop = new CountDownLatch(1);
        for (String sig : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(sig), s -> {
                log.info("received SIG{}", s.getName());
                stop.countDown();
            });
        }
        io.blufio.config.NotifyMode notifyMode = loaded.config().daemon().notifyMode();
        io.blufio.ops.Supervisor.starting(global.env(), notifyMode, "starting: unlocking secrets, opening the database");
        loaded = SecretCommands.forStart(global, loaded);  // environment, then vault, then TOML (SPEC 3)
        try (App daemon = App.start(loaded, true);
             io.blufio.ops.Supervisor systemd = io.blufio.ops.Supervisor.ready(global.env(), notifyMode, daemon.agent(), daemon.channels(),
                     java.time.Clock.systemUTC(), "serving: " + daemon.provider().name() + " " + daemon.provider().model()
                             + ", API port " + daemon.port() + ", " + daemon.channels().size() + " channel(s)",
                     java.util.List.of(io.blufio.ops.Watchdog.wal(daemon.wal())))) {
            log.info("blufio {} serving (pid {}, data dir {}, config {}, provider {} model {})", io.blufio.Version.current(),
                    ProcessHandle.current().pid(), loaded.dataDir(), loaded.file().map(Object::toString).orElse("none (defaults)"),
                    daemon.provider().name(), daemon.provider().model());
            daemon.health().verdict().reasons().forEach(r -> log.warn("degraded: {}", r));
            stop.await();  // then STOPPING=1 (systemd closes first), then the daemon drains
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
