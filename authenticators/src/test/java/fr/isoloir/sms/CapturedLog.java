package fr.isoloir.sms;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the providers log under a package, for assertions on what reaches (and never reaches) the
 * logs. In unit tests JBoss Logging writes to java.util.logging; the handler is removed on close.
 */
public final class CapturedLog implements AutoCloseable {

    /** One formatted log line: its level and its text with parameters applied. */
    public record Line(Level level, String text) {}

    private final Logger logger; // a strong reference: JUL loggers are otherwise collectable
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new Line(record.getLevel(), format(record)));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private CapturedLog(String loggerName) {
        if (!org.jboss.logging.Logger.getLogger(loggerName)
                .getClass()
                .getName()
                .equals("org.jboss.logging.JDKLogger")) {
            throw new IllegalStateException(
                    "JBoss Logging does not write to java.util.logging here: cannot capture logs");
        }
        this.logger = Logger.getLogger(loggerName);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines at WARN or above (JBoss Logging maps its levels to its own JUL levels, hence the comparison). */
    public List<Line> warnings() {
        return lines.stream()
                .filter(line -> line.level().intValue() >= Level.WARNING.intValue())
                .toList();
    }

    /** Lines at INFO exactly. */
    public List<Line> infos() {
        return lines.stream()
                .filter(line -> line.level().intValue() == Level.INFO.intValue())
                .toList();
    }

    /** Everything logged, as one string: handy for "never contains the secret". */
    public String all() {
        StringBuilder all = new StringBuilder();
        lines.forEach(
                line -> all.append(line.level()).append(' ').append(line.text()).append('\n'));
        return all.toString();
    }

    private static String format(LogRecord record) {
        // JBoss Logging formats the parameters itself; formatMessage covers plain JUL calls too.
        String text = new SimpleFormatter().formatMessage(record);
        return record.getThrown() == null ? text : text + " " + record.getThrown();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
