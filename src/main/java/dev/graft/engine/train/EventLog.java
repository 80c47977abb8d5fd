package dev.graft.engine.train;

import dev.graft.core.run.EventSink;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The run's {@code events.jsonl}: one JSON event per line, appended and flushed line by line, so
 * after a crash the file holds every event up to the last complete line.
 */
public final class EventLog implements EventSink, AutoCloseable {

    private final BufferedWriter writer;

    private EventLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /**
     * Opens (appending) the event log of a run folder, creating the folder.
     *
     * @param run the run folder (claimed for the run that writes)
     * @return the log
     * @throws IOException if it cannot be created
     */
    public static EventLog open(RunFolder run) throws IOException {
        return new EventLog(Files.newBufferedWriter(run.events(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    @Override
    public synchronized void accept(RunEvent event) {
        appendLine(event.toJson());
    }

    /**
     * Appends a raw JSON line.
     *
     * @param json one event as JSON
     */
    public synchronized void appendLine(String json) {
        try {
            writer.write(json);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's event log: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
