package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

final class HistoryRepairTest {
    private static ChatMessage assistant(ContentBlock... blocks) {
        return new ChatMessage(Role.ASSISTANT, List.of(blocks));
    }

    private static ChatMessage user(ContentBlock... blocks) {
        return new ChatMessage(Role.USER, List.of(blocks));
    }

    private static ContentBlock.ToolUse call(String id) {
        return new ContentBlock.ToolUse(id, "current_time", "{}");
    }

    private static ContentBlock.ToolResult result(String id) {
        return new ContentBlock.ToolResult(id, "12:00", false);
    }

    @Test
    void repair_validConversation_isUnchanged_andReportsNothing() {
        List<ChatMessage> ok = List.of(ChatMessage.user("time?"), assistant(new ContentBlock.Text("Let me see."), call("t1")),
                user(result("t1")), ChatMessage.assistant("Noon."), ChatMessage.user("thanks"));

        HistoryRepair.Result r = HistoryRepair.repair(ok);

        assertThat(r.messages()).isEqualTo(ok);
        assertThat(r.fixes()).isEmpty();
    }

    @Test
    void repair_emptyAssistantMessage_isDropped_andTheTwoUserTurnsMerged() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.user("hi"), new ChatMessage(Role.ASSISTANT, List.of()),
                ChatMessage.user("hello?")));

        assertThat(r.messages()).containsExactly(user(new ContentBlock.Text("hi"), new ContentBlock.Text("hello?")));
        assertThat(r.fixes()).containsExactly("1 empty assistant message dropped", "1 two user messages in a row merged");
    }

    @Test
    void repair_blankTextBlocks_areDropped() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.user("hi"), ChatMessage.assistant(" "), ChatMessage.user("x")));

        assertThat(r.messages()).hasSize(1);
        assertThat(r.messages().get(0).role()).isEqualTo(Role.USER);
    }

    @Test
    void repair_toolCallWithoutResult_getsAnErrorResultFirst_inTheNextUserMessage() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.user("time?"), assistant(call("t1"), call("t2")),
                user(result("t2"), new ContentBlock.Text("well?"))));

        ChatMessage next = r.messages().get(2);
        assertThat(next.content()).containsExactly(result("t2"),
                new ContentBlock.ToolResult("t1", HistoryRepair.MISSING_RESULT, true), new ContentBlock.Text("well?"));
        assertThat(r.fixes()).containsExactly("1 tool call without its result answered");
    }

    @Test
    void repair_toolCallAsTheLastStoredMessage_isAnsweredBeforeTheNewMessage() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.user("time?"), assistant(call("t1")), ChatMessage.user("now")));

        assertThat(r.messages().get(2).content()).containsExactly(
                new ContentBlock.ToolResult("t1", HistoryRepair.MISSING_RESULT, true), new ContentBlock.Text("now"));
    }

    @Test
    void repair_resultsAnsweringNoCall_areDropped_andALeadingAssistantToo() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.assistant("orphan answer"), user(result("gone")),
                ChatMessage.user("hi")));

        assertThat(r.messages()).containsExactly(ChatMessage.user("hi"));
        assertThat(r.fixes()).contains("1 leading assistant message dropped", "1 tool result answering no call dropped");
    }

    @Test
    void repair_malformedToolArguments_becomeAnEmptyObject() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.user("x"),
                assistant(new ContentBlock.ToolUse("t1", "current_time", "{\"tz\": Eur")), user(result("t1")), ChatMessage.user("y")));

        assertThat(r.messages().get(1).toolUses()).singleElement().satisfies(u -> assertThat(u.input()).isEqualTo("{}"));
    }

    @Test
    void repair_turnEndingOnToolResults_thenANewMessage_isMergedWithoutCountingAFix() {
        HistoryRepair.Result r = HistoryRepair.repair(List.of(ChatMessage.user("x"), assistant(call("t1")), user(result("t1")),
                ChatMessage.user("next")));

        assertThat(r.messages().get(2).content()).containsExactly(result("t1"), new ContentBlock.Text("next"));
        assertThat(r.fixes()).isEmpty();
    }
}
