# Sourced by bin/blufio and bin/aot-train (and the tests that start a real daemon): sets the array
# BLUFIO_FLAGS to the JVM flags of blufio for mode $1, `daemon` (serve, shell: small always-on heap, native
# heap trimming) or `cli` (one short command), for the JVM of feature version $BLUFIO_JAVA_MAJOR, and the
# array BLUFIO_MALLOC_ENV to the glibc malloc settings (NAME=value) the launcher exports unless already set.
# The class data cache flags are added by bin/blufio. Measured figures: bench/README.md.

blufio_jvm_flags() {
    BLUFIO_MALLOC_ENV=()
    BLUFIO_FLAGS=(
        -XX:+UseSerialGC             # one small heap, no GC threads
        -XX:TieredStopAtLevel=1      # C1 only: less code cache and compiler memory
        -XX:CICompilerCount=1
        -Xss512k
        -XX:MaxMetaspaceSize=96m
        -XX:ReservedCodeCacheSize=32m
        -XX:MaxDirectMemorySize=32m
        -XX:+ExitOnOutOfMemoryError
        --enable-native-access=ALL-UNNAMED   # sqlite-jdbc and ONNX Runtime load native libraries
    )
    if [ "$1" = daemon ]; then
        BLUFIO_FLAGS+=(
            -Xms8m -Xmx64m               # live data is 10-25 MB even under load; a higher cap only grows RSS
            -XX:MaxNewSize=4m            # eden is touched whole between collections: a small one keeps RSS down
            -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20   # give unused heap back to the OS sooner
            -XX:-ShrinkHeapInSteps       # ... all of it at the next full GC, not in damped steps
            -XX:CompileThresholdScaling=3   # compile only what runs often: 2-3 MB less code cache and compiler
                                            # memory, for ~5 % fewer turns/s in a 30 s load run (warm-up)
        )
        BLUFIO_MALLOC_ENV=(
            MALLOC_ARENA_MAX=2            # two malloc arenas, not 8 per core
            MALLOC_MMAP_THRESHOLD_=131072 # blocks >= 128 KiB (ONNX Runtime's weights and buffers) get their own
                                          # mapping, returned whole on free: without it, glibc raises the threshold
                                          # as they are freed, and each reload of the model left ~20 MB stranded
        )
        if [ "$BLUFIO_JAVA_MAJOR" -ge 22 ]; then
            BLUFIO_FLAGS+=(-XX:TrimNativeHeapInterval=30000)   # give freed malloc memory back to the OS every 30 s
        else
            BLUFIO_FLAGS+=(-XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=30000)  # experimental in 21
        fi
    else
        BLUFIO_FLAGS+=(
            -Xmx64m -XX:-UsePerfData              # a short run: no hsperfdata file to create and delete
            -XX:CompileThresholdScaling=6         # compile only the hottest code: on one CPU the compiler thread
                                                  # competed with the command (status 296 -> 236 ms pinned to one
                                                  # core, 171 -> 165 on two; bench/README.md "CLI start-up")
            -Djdk.reflect.useNativeAccessorOnly=true   # picocli's and Jackson's reflection without spinning a
                                                       # method-handle class per member (JEP 416): ~15 ms a call
            -Dhttp.keepAlive=false                # one request to the daemon: no keep-alive timer thread
        )
    fi
    if [ "$BLUFIO_JAVA_MAJOR" -ge 24 ]; then
        BLUFIO_FLAGS+=(-XX:+UseCompactObjectHeaders)   # unknown to older JVMs: only on >= 24
    fi
}

blufio_class_path() {
    # Sets BLUFIO_CP to the jars of $1/lib, the ones every command needs first: the JVM opens jars one by
    # one, in this order, until it finds a class, so `lib/*` (directory order) would open most of them for
    # the first blufio class. No process is forked.
    local lib="$1/lib" j p seen=":"
    BLUFIO_CP=""
    for p in blufio.jar slf4j-api-*.jar logback-core-*.jar logback-classic-*.jar jackson-core-*.jar \
            jackson-databind-*.jar jackson-annotations-*.jar jackson-dataformat-toml-*.jar sqlite-jdbc-*.jar caffeine-*.jar; do
        for j in "$lib"/$p; do
            [ -f "$j" ] || continue
            BLUFIO_CP+="${BLUFIO_CP:+:}$j"; seen+="$j:"
        done
    done
    for j in "$lib"/*.jar; do
        case "$seen" in *":$j:"*) ;; *) BLUFIO_CP+="${BLUFIO_CP:+:}$j" ;; esac
    done
}
