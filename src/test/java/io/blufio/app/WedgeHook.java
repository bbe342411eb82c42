package io.blufio.app;

import io.blufio.agent.Agent;
import io.blufio.cli.Main;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>Test only.</b> A {@code main} for the test class path that runs {@code serve} with the inbox dispatcher
 * blocking for good at the first pass that finds a pending message (before leasing it). Its
 * {@code lastDispatchAt} stops moving, which is how the sd_notify test proves that a wedged consumer stops the
 * watchdog pings. Installed through the package-private seam {@link App#beforeAgentStart}; nothing in the
 * running code can turn it on.
 */
public final class WedgeHook {
    private static final Logger log = LoggerFactory.getLogger(WedgeHook.class);

    private WedgeHook() {}

    /** Runs {@link Main#main} with the wedge installed. */
    public static void main(String[] args) {
        App.beforeAgentStart = WedgeHook::install;
        Main.main(args);
    }

    /** Installs the wedge; call before {@link Agent#start()}. */
    static void install(Agent agent) {
        log.warn("WedgeHook: the first message will wedge the inbox dispatcher (a test hook)");
        CountDownLatch never = new CountDownLatch(1);
        agent.beforeDispatch(pending -> {
            if (pending == 0) return;
            try {
                never.await();  // interruptible, so shutdown still ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
