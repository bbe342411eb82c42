package io.blufio.ops;

import io.blufio.agent.Agent;
import io.blufio.agent.BudgetGuard;
import io.blufio.channel.Channel;
import io.blufio.channel.ChannelHealth;
import java.math.BigDecimal;
import java.util.List;

/** Registers the gauges of SPEC section 10 that read state owned elsewhere. */
public final class OpsGauges {
    private OpsGauges() {}

    /**
     * Registers {@code blufio_active_sessions}, {@code blufio_inbox_depth}, the channel gauges,
     * {@code blufio_replies_pending{channel}} for each channel with a delivery worker, the memory
     * gauges and {@code blufio_budget_remaining_usd} ({@code +Inf} for a period without a cap).
     */
    public static void register(Metrics m, Agent agent, List<Channel> channels, MemoryMonitor monitor, BudgetGuard budget) {
        m.gauge("blufio.active.sessions", "Session actors in memory", null, agent, Agent::activeSessions);
        m.gauge("blufio.inbox.depth", "Accepted messages waiting for or in a turn", null, agent, a -> a.inboxDepth());
        for (Channel ch : channels) {
            m.gauge("blufio.channel.up", "1 while the channel works", null, ch, c -> c.health().up() ? 1 : 0, "channel", ch.name());
            m.gauge("blufio.channel.last.success.timestamp", "Unix time of the channel's last completed work loop", "seconds", ch,
                    c -> lastOk(c.health()), "channel", ch.name());
        }
        for (String ch : agent.deliveries().keySet()) {
            m.gauge("blufio.replies.pending", "Replies in the outbox not yet delivered (waiting, retrying or being sent)", null, agent,
                    a -> {
                        var d = a.deliveries().get(ch);
                        return d == null ? 0 : d.pending() + d.sending();
                    }, "channel", ch);
        }
        m.gauge("blufio.memory.rss", "Resident set size, sampled every 5 s", "bytes", monitor, mm -> mm.last().rssBytes());
        m.gauge("blufio.memory.heap", "Java heap in use, sampled every 5 s", "bytes", monitor, mm -> mm.last().heapUsedBytes());
        m.gauge("blufio.memory.pressure", "0 normal, 1 warn (caches shed), 2 critical (new sessions refused)", null, monitor,
                MemoryMonitor::pressure);
        m.gauge("blufio.budget.remaining", "USD left in the period's budget", "usd", budget,
                b -> remaining(b.dailyCap(), b.spentToday()), "period", "day");
        m.gauge("blufio.budget.remaining", "USD left in the period's budget", "usd", budget,
                b -> remaining(b.monthlyCap(), b.spentThisMonth()), "period", "month");
    }

    private static double lastOk(ChannelHealth h) {
        return h.lastOkAt() == null ? 0 : h.lastOkAt().toEpochMilli() / 1000.0;
    }

    static double remaining(BigDecimal cap, BigDecimal spent) {
        return cap == null ? Double.POSITIVE_INFINITY : cap.subtract(spent).max(BigDecimal.ZERO).doubleValue();
    }
}
