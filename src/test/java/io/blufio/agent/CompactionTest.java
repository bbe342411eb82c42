package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ChatRequest;
import io.blufio.llm.ChatResult;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Provider;
import io.blufio.llm.Role;
import io.blufio.llm.StreamListener;
import io.blufio.llm.Usage;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.StoredSummary;
import io.blufio.store.SummaryStore;
import io.blufio.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 300-turn session driven in-process through TurnRunner, real SQLite, a scripted model. */
final class CompactionTest {
    private static final int BUDGET = 3_000;       // estimated tokens of summary + history + new message
    private static final int HISTORY_TURNS = 10;
    private static final Pattern MESSAGE_NO = Pattern.compile("message (\\d+)\\b");
    @TempDir Path tmp;

    /** Answers turns with an echo and compaction requests with a summary naming the turns it saw. */
    static final class ScriptedModel implements Provider {
        final List<ChatRequest> turns = new ArrayList<>();
        final List<ChatRequest> compactions = new ArrayList<>();

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String model() {
            return "scripted-1";
        }

        @Override
        public synchronized ChatResult chat(ChatRequest request, StreamListener listener) {
            String last = request.messages().get(request.messages().size() - 1).text();
            String answer;
            if (request.systemPrompt().startsWith("You maintain the running summary")) {
                compactions.add(request);
                List<Integer> seen = numbers(last.substring(last.indexOf("<new_conversation>")));
                answer = "Summary " + compactions.size() + ": the user sent message " + seen.get(0) + " to message " + seen.get(seen.size() - 1) + ".";
            } else {
                turns.add(request);
                answer = "Noted " + last.substring(last.lastIndexOf("message ")) + ". " + "Filler text of a typical answer. ".repeat(4);
            }
            return new ChatResult(ChatMessage.assistant(answer), new Usage(10, 5, 0, 0), "scripted-1", io.blufio.llm.StopReason.END_TURN);
        }
    }

    static List<Integer> numbers(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = MESSAGE_NO.matcher(text);
        while (m.find()) out.add(Integer.parseInt(m.group(1)));
        return out;
    }

    @Test
    void run_300Turns_staysUnderBudget_withOneSummaryPerCompaction_andCoherentHistory() throws Exception {
        ScriptedModel model = new ScriptedModel();
        try (Database db = Database.open(tmp.resolve("blufio.db"))) {
            Clock clock = Clock.systemUTC();
            ContextEngine context = new ContextEngine(db, model, HISTORY_TURNS, BUDGET, null, clock);
            TurnRunner runner = new TurnRunner(db, model, new ToolRegistry(List.of()), "You are a test.", context, 4, clock);
            InboxStore inbox = new InboxStore(db);
            for (int i = 1; i <= 300; i++) {
                String text = "This is message " + i + " of the long session. " + "Some words the user wrote. ".repeat(i % 7 * 3);
                long id = inbox.accept("api", null, "api:long", "tester", text, clock.instant()).orElseThrow();
                runner.run(inbox.find(id).orElseThrow(), TurnObserver.NONE);

                ChatRequest sent = model.turns.get(model.turns.size() - 1);
                assertThat(Tokens.of(sent.messages())).as("turn %d", i).isLessThanOrEqualTo(BUDGET);
                assertCoherent(sent, i);
            }
            List<StoredSummary> summaries = new SummaryStore(db).all(1);
            assertThat(model.turns).hasSize(300);
            assertThat(summaries).hasSize(model.compactions.size()).hasSizeGreaterThan(10);
            int previousLast = 0;
            for (int c = 0; c < model.compactions.size(); c++) {
                String prompt = model.compactions.get(c).messages().get(0).text();
                List<Integer> seen = numbers(prompt.substring(prompt.indexOf("<new_conversation>")));
                assertThat(seen.get(0)).as("compaction %d starts right after the last one", c + 1).isEqualTo(previousLast + 1);
                previousLast = seen.get(seen.size() - 1);
                if (c > 0) assertThat(prompt).contains("Summary " + c + ":");  // the previous summary is folded in
                assertThat(summaries.get(c).text()).startsWith("Summary " + (c + 1) + ":");
            }
            int compacted = db.read(conn -> {
                try (var rs = conn.createStatement().executeQuery("SELECT count(*) FROM messages WHERE compacted = 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(summaries.stream().mapToInt(StoredSummary::messages).sum()).isEqualTo(compacted);
            int all = db.read(conn -> {
                try (var rs = conn.createStatement().executeQuery("SELECT count(*) FROM messages")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(all).isEqualTo(600);  // originals stay
        }
    }

    /** Summary first, then consecutive earlier turns ending with turn n-1, then message n; roles alternate. */
    private static void assertCoherent(ChatRequest sent, int n) {
        List<ChatMessage> msgs = sent.messages();
        for (int k = 0; k < msgs.size(); k++) assertThat(msgs.get(k).role()).isEqualTo(k % 2 == 0 ? Role.USER : Role.ASSISTANT);
        assertThat(msgs.get(msgs.size() - 1).text()).startsWith("This is message " + n + " ");
        String first = ((ContentBlock.Text) msgs.get(0).content().get(0)).text();
        List<Integer> history = new ArrayList<>();
        for (ChatMessage m : msgs.subList(0, msgs.size() - 1)) {
            if (m.role() == Role.USER) history.addAll(numbers(m.text().replaceAll("(?s)<conversation_summary>.*?</conversation_summary>", "")));
        }
        if (first.startsWith("<conversation_summary>")) {
            List<Integer> covered = numbers(first);
            int coveredTo = covered.get(covered.size() - 1);
            assertThat(history.isEmpty() ? n - 1 : history.get(0) - 1).as("turn %d: summary ends where history starts", n).isEqualTo(coveredTo);
        } else if (!history.isEmpty()) {
            assertThat(history.get(0)).isEqualTo(1);
        }
        for (int k = 0; k < history.size(); k++) assertThat(history.get(k)).isEqualTo(history.get(0) + k);
        if (!history.isEmpty()) assertThat(history.get(history.size() - 1)).isEqualTo(n - 1);
    }

    /** Like {@link ScriptedModel}, but every compaction request is refused as a provider error. */
    static final class RefusingModel implements Provider {
        final List<ChatRequest> turns = new ArrayList<>();
        int refused;

        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public String model() {
            return "refusing-1";
        }

        @Override
        public synchronized ChatResult chat(ChatRequest request, StreamListener listener) {
            if (request.systemPrompt().startsWith("You maintain the running summary")) {
                refused++;
                throw new io.blufio.llm.LlmException(io.blufio.llm.LlmError.REQUEST_REFUSED, 400, "compaction calls are refused here", null);
            }
            turns.add(request);
            return new ChatResult(ChatMessage.assistant("ok " + turns.size()), new Usage(10, 5, 0, 0), "refusing-1", io.blufio.llm.StopReason.END_TURN);
        }
    }

    private static long uncompactedTurns(Database db) {
        return db.read(conn -> {
            try (var rs = conn.createStatement().executeQuery("SELECT count(DISTINCT turn_id) FROM messages WHERE compacted = 0")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void compactionRefused_everyTurnAnswersWithinBudget_andHistoryStopsGrowingAtTheHardCap() throws Exception {
        RefusingModel model = new RefusingModel();
        try (Database db = Database.open(tmp.resolve("blufio.db"))) {
            Clock clock = Clock.systemUTC();
            ContextEngine context = new ContextEngine(db, model, HISTORY_TURNS, BUDGET, null, clock);
            TurnRunner runner = new TurnRunner(db, model, new ToolRegistry(List.of()), "You are a test.", context, 4, clock);
            InboxStore inbox = new InboxStore(db);
            for (int i = 1; i <= 120; i++) {
                long id = inbox.accept("api", null, "api:refused", "tester", "message " + i + " " + "words ".repeat(i % 5 * 20),
                        clock.instant()).orElseThrow();
                runner.run(inbox.find(id).orElseThrow(), TurnObserver.NONE);
                assertThat(model.turns).hasSize(i);
                assertThat(Tokens.of(model.turns.get(i - 1).messages())).as("turn %d", i).isLessThanOrEqualTo(BUDGET);
                assertThat(uncompactedTurns(db)).as("turn %d", i).isLessThanOrEqualTo(ContextEngine.HARD_CAP_FACTOR * HISTORY_TURNS + 1L);
            }
            assertThat(model.refused).isPositive();
            List<StoredSummary> fallbacks = new SummaryStore(db).all(1);
            assertThat(fallbacks).isNotEmpty().allSatisfy(s -> assertThat(s.text()).contains("left out without a summary"));
            assertThat(fallbacks).allSatisfy(s -> assertThat(s.model()).isNull());
        }
    }

    @Test
    void hugeMessageInHistory_isSummarisedFromItsStartOnly_andNeverSentAgain() throws Exception {
        ScriptedModel model = new ScriptedModel();
        try (Database db = Database.open(tmp.resolve("blufio.db"))) {
            Clock clock = Clock.systemUTC();
            ContextEngine context = new ContextEngine(db, model, HISTORY_TURNS, BUDGET, null, clock);
            TurnRunner runner = new TurnRunner(db, model, new ToolRegistry(List.of()), "You are a test.", context, 4, clock);
            InboxStore inbox = new InboxStore(db);
            String huge = "This is message 1 and it is very long. " + "x".repeat(2_000_000);
            for (String text : List.of(huge, "This is message 2 of the session.")) {
                long id = inbox.accept("api", null, "api:huge", "tester", text, clock.instant()).orElseThrow();
                runner.run(inbox.find(id).orElseThrow(), TurnObserver.NONE);
            }
            assertThat(model.compactions).hasSize(1);
            String transcript = model.compactions.get(0).messages().get(0).text();
            assertThat(transcript).contains("characters, its start:] [{\"type\":\"text\",\"text\":\"This is message 1");
            assertThat(transcript.length()).isLessThan(BUDGET * Tokens.CHARS_PER_TOKEN + 1_000);
            ChatRequest second = model.turns.get(1);
            assertThat(Tokens.of(second.messages())).isLessThanOrEqualTo(BUDGET);
            assertThat(second.messages().get(0).text()).startsWith("<conversation_summary>");
        }
    }
}
