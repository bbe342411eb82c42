package io.blufio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the resident memory of a JVM goes: {@code jcmd PID System.map} (every mapping with its RSS and,
 * with {@code -XX:NativeMemoryTracking=summary}, the VM's own tag: JAVAHEAP, META, CLASS, CODE, STACK, CDS,
 * GC...), {@code jcmd PID VM.native_memory summary} (the VM's own malloc) and {@code /proc/PID/smaps_rollup}.
 * Mappings without a VM tag are split by file (libjvm, ONNX Runtime, the tokenizer, SQLite, other
 * libraries) or, when anonymous, into glibc malloc arenas ({@code [heap]} and the 64 MiB-aligned arenas) and
 * other anonymous memory (malloc chunks above the mmap threshold, native threads' stacks, JNI mmaps).
 */
final class Footprint {
    private static final long MIB = 1024 * 1024;
    private static final long ARENA_ALIGN = 64 * MIB;
    private static final Pattern NMT_MALLOC = Pattern.compile("Total: .*?\\n\\s+malloc: (\\d+)KB", Pattern.DOTALL);
    private static final Pattern NMT_SELF = Pattern.compile("-\\s+Native Memory Tracking \\(reserved=\\d+KB, committed=(\\d+)KB");

    /** Categories in print order. */
    static final List<String> ORDER = List.of("Java heap", "metaspace + class space", "code cache", "thread stacks (VM)",
            "CDS archive of the JDK", "AppCDS / AOT cache (ours)", "GC data, other VM", "libjvm.so", "ONNX Runtime (.so)",
            "tokenizer (.so)", "SQLite (.so)", "other libraries and files", "malloc arenas", "other anonymous (big malloc chunks, native stacks)");

    final long rss;
    final long anon;
    final long file;
    final int threads;
    final long vmMalloc;
    final long nmtSelf;
    final Map<String, Long> parts = new LinkedHashMap<>();
    final Map<String, Long> otherFiles = new LinkedHashMap<>();

    private Footprint(long rss, long anon, long file, int threads, long vmMalloc, long nmtSelf) {
        this.rss = rss;
        this.anon = anon;
        this.file = file;
        this.threads = threads;
        this.vmMalloc = vmMalloc;
        this.nmtSelf = nmtSelf;
        ORDER.forEach(k -> parts.put(k, 0L));
    }

    /** Reads the footprint of process {@code pid}, which must run with {@code -XX:NativeMemoryTracking=summary}. */
    static Footprint of(long pid) throws IOException, InterruptedException {
        Map<String, Long> rollup = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[2].equals("kB")) rollup.put(f[0].replace(":", ""), Long.parseLong(f[1]) * 1024);
        }
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) threads = Integer.parseInt(line.replaceAll("\\D", ""));
        }
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        Matcher m = NMT_MALLOC.matcher(nmt);
        long vmMalloc = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        Matcher s = NMT_SELF.matcher(nmt);
        long self = s.find() ? Long.parseLong(s.group(1)) * 1024 : 0;
        Footprint fp = new Footprint(rollup.getOrDefault("Rss", 0L), rollup.getOrDefault("Anonymous", 0L),
                rollup.getOrDefault("Rss", 0L) - rollup.getOrDefault("Anonymous", 0L), threads, vmMalloc, self);
        fp.classify(jcmd(pid, "System.map"));
        return fp;
    }

    private void classify(String map) {
        long arenaEnd = -1;  // end of the 64 MiB reservation of the arena being walked
        for (String line : map.split("\n")) {
            if (!line.startsWith("0x")) continue;
            String[] f = line.trim().split("\\s+", 9);
            if (f.length < 8) continue;
            String[] range = f[0].split("-");
            long from = Long.parseUnsignedLong(range[0].substring(2), 16);
            long rssBytes = Long.parseLong(f[3]);
            String info = f[7];
            String path = f.length > 8 ? f[8].trim() : "-";
            String key;
            if (!info.equals("-")) {
                key = switch (info) {
                    case "JAVAHEAP" -> path.endsWith(".jsa") || path.endsWith(".aot") ? cdsKind(path) : "Java heap";
                    case "META", "CLASS" -> "metaspace + class space";
                    case "CODE" -> "code cache";
                    case "CDS" -> cdsKind(path);
                    default -> info.startsWith("STACK") ? "thread stacks (VM)" : "GC data, other VM";
                };
            } else if (!path.equals("-") && !path.startsWith("[")) {
                key = path.contains("libjvm.so") ? "libjvm.so"
                        : path.contains("onnxruntime") ? "ONNX Runtime (.so)"
                        : path.contains("tokenizers") ? "tokenizer (.so)"
                        : path.contains("sqlite") ? "SQLite (.so)"
                        : path.endsWith(".jsa") || path.endsWith(".aot") ? cdsKind(path)
                        : "other libraries and files";
            } else if (path.equals("[heap]")) {
                key = "malloc arenas";
            } else if (path.equals("-") && (from % ARENA_ALIGN == 0 || from < arenaEnd)) {
                if (from % ARENA_ALIGN == 0) arenaEnd = from + ARENA_ALIGN;
                key = "malloc arenas";
            } else {
                key = path.equals("[stack]") ? "thread stacks (VM)" : "other anonymous (big malloc chunks, native stacks)";
            }
            parts.merge(key, rssBytes, Long::sum);
            if (key.equals("other libraries and files")) otherFiles.merge(path.substring(path.lastIndexOf('/') + 1), rssBytes, Long::sum);
        }
    }

    private static String cdsKind(String path) {
        return path.contains("/lib/server/") || path.equals("-") ? "CDS archive of the JDK" : "AppCDS / AOT cache (ours)";
    }

    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    /** Prints the table of one phase; {@code extra} lines (estimates) are appended. */
    void print(String phase, List<String> extra) {
        System.out.printf("%n== %s ==%n", phase);
        System.out.printf("RSS %.1f MB (anonymous %.1f, file-backed %.1f; %d threads; NMT's own %.1f MB included)%n",
                mb(rss), mb(anon), mb(file), threads, mb(nmtSelf));
        long sum = 0;
        for (var e : parts.entrySet()) {
            System.out.printf("  %-52s %6.1f MB%n", e.getKey(), mb(e.getValue()));
            sum += e.getValue();
        }
        System.out.printf("  %-52s %6.1f MB%n", "(sum of mappings)", mb(sum));
        System.out.printf("  of the malloc arenas and big chunks: VM's own malloc (NMT) %.1f MB, the rest (ONNX Runtime, tokenizer,%n"
                + "    SQLite page cache, JDK and JNI libraries, free but not returned) %.1f MB%n", mb(vmMalloc),
                mb(parts.get("malloc arenas") + parts.get("other anonymous (big malloc chunks, native stacks)") - vmMalloc));
        StringBuilder top = new StringBuilder("  largest other files:");
        otherFiles.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(e -> top.append(String.format(" %s %.1f,", e.getKey(), mb(e.getValue()))));
        System.out.println(top.substring(0, top.length() - 1));
        extra.forEach(l -> System.out.println("  " + l));
    }

    static double mb(long bytes) {
        return bytes / (double) MIB;
    }
}
