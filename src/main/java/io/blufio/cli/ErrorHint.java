package io.blufio.cli;

import io.blufio.BlufioException;
import io.blufio.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code hint:} line printed under a command's {@code blufio: <message>} error: the sentence of the error's code
 * in the one table ({@link ErrorCode#userMessage()}), but only when it adds something. The messages are specific and
 * mostly say how to fix (DESIGN.md), the sentences are general; a sentence adds something when it names a step to
 * take (in backticks: {@code `blufio status`}, {@code `gateway.port`}) and the message names none of its steps.
 * Never for {@code usage}, where the synopsis and the pointer to {@code --help} are printed already.
 */
final class ErrorHint {
    private static final Pattern STEP = Pattern.compile("`([^`]+)`");

    private ErrorHint() {}

    /** Returns the {@code hint: ...} line for {@code e}, or empty when the sentence would only repeat the message. */
    static Optional<String> of(BlufioException e) {
        return ErrorCode.find(e.code())
                .filter(c -> c != ErrorCode.USAGE)
                .filter(c -> addsAStep(c.userMessage(), e.getMessage() == null ? "" : e.getMessage()))
                .map(c -> "hint: " + c.userMessage());
    }

    /** Returns the steps {@code sentence} names, without their backticks. */
    static List<String> steps(String sentence) {
        return STEP.matcher(sentence).results().map(m -> m.group(1)).toList();
    }

    private static boolean addsAStep(String sentence, String message) {
        List<String> steps = steps(sentence);
        return !steps.isEmpty() && steps.stream().noneMatch(message::contains);
    }
}
