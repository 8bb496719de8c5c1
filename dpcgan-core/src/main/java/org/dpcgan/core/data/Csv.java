package org.dpcgan.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.dpcgan.core.internal.exec.ChunkWorkers;

/**
 * A strict RFC 4180 CSV reader and an atomic writer. Every row must have as many fields as the header; a
 * quote may only open a field and must be closed, and a closing quote must be followed by a comma or the
 * end of the line. Errors name the file and the line.
 */
final class Csv {

  /** A parsed file: header and rows of raw fields, with the physical line each row starts on. */
  record Parsed(String source, List<String> header, List<String[]> rows, int[] lines) {}

  private Csv() {}

  /** Receives each data row of a streamed file, its fields and the physical line it starts on. */
  @FunctionalInterface
  interface RowSink {
    void row(String[] fields, int line);
  }

  /** Reads and parses a CSV or gzip-compressed CSV file; {@code role} names it in messages ("table", "sidecar"). */
  static Parsed read(Path path, String role) throws IOException {
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> header = stream(path, role, (fields, line) -> {
      rows.add(fields);
      lines.add(line);
    }, h -> { });
    return new Parsed(path.getFileName().toString(), header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Parses a CSV or gzip-compressed CSV file a row at a time, holding one row in memory: checks the header, passes
   * it to {@code header}, then every data row, with as many fields as the header, to {@code rows}; returns the
   * header.
   */
  static List<String> stream(Path path, String role, RowSink rows, Consumer<List<String>> header)
      throws IOException {
    String source = path.getFileName().toString();
    try (InputStream in = new BufferedInputStream(InputFiles.open(path, role), 1 << 16)) {
      in.mark(8192);
      byte[] head = in.readNBytes(8192);
      for (byte b : head) {
        if (b == 0) {
          throw new InputFileException(path + ": the " + role + " is not a text file (it holds binary data); dpcgan"
              + " reads CSV, plain or gzip-compressed", source, 0, null);
        }
      }
      in.reset();
      return parse(source, new InputStreamReader(in, StandardCharsets.UTF_8), rows, header);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new InputFileException(path + ": not a valid gzip file (" + e.getMessage() + ")", source, 0, null);
    }
  }

  private static List<String> parse(String source, Reader in, RowSink rows, Consumer<List<String>> onHeader)
      throws IOException {
    Records records = new Records(source, in);
    String[] header = records.next();
    if (header == null) {
      throw new InputFileException(source + ": the file is empty (no header row)", source, 0, null);
    }
    if (header.length == 1) {
      InputFiles.requireCommaSeparated(source, header[0]);
    }
    var seen = new HashSet<String>();
    for (int j = 0; j < header.length; j++) {
      if (header[j].isEmpty()) {
        throw bad(source, 1, "header field " + (j + 1) + " is empty");
      }
      if (!seen.add(header[j])) {
        throw bad(source, 1, "column name '" + header[j] + "' repeats");
      }
    }
    onHeader.accept(List.of(header));
    for (String[] r = records.next(); r != null; r = records.next()) {
      if (r.length != header.length) {
        if (r.length == 1 && r[0].isEmpty() && header.length > 1) {
          throw bad(source, records.line(), "empty line (every row needs " + header.length + " fields)");
        }
        throw bad(source, records.line(), "row has " + r.length + " fields, the header has " + header.length);
      }
      rows.row(r, records.line());
    }
    return List.of(header);
  }

  /** The records of CSV text read from a {@link Reader} one at a time (a leading byte-order mark skipped). */
  private static final class Records {
    private final String source;
    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int pos;
    private int limit;
    private int line = 1;          // the physical line the reader is on
    private int recordLine;        // the line the last record started on
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();

    Records(String source, Reader in) throws IOException {
      this.source = source;
      this.in = in;
      if (peek() == '\uFEFF') {
        pos++;
      }
    }

    /** The line the last record returned by {@link #next} starts on. */
    int line() {
      return recordLine;
    }

    /** The next character without taking it, or −1 at the end. */
    private int peek() throws IOException {
      if (pos == limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      return buffer[pos];
    }

    /** The fields of the next record, or null at the end of the text. */
    String[] next() throws IOException {
      if (peek() < 0) {
        return null;
      }
      recordLine = line;
      fields.clear();
      while (true) {
        field.setLength(0);
        if (peek() == '"') {
          pos++;
          int quoteLine = line;
          while (true) {
            int c = peek();
            if (c < 0) {
              throw bad(source, quoteLine, "unterminated quoted field (a quote opened here is never closed)");
            }
            pos++;
            if (c == '"') {
              if (peek() == '"') {
                field.append('"');
                pos++;
              } else {
                break;
              }
            } else {
              if (c == '\n') {
                line++;
              }
              field.append((char) c);
            }
          }
          int c = peek();
          if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
            throw bad(source, line, "unexpected character '" + (char) c + "' after a closing quote"
                + " (a quoted field must be followed by a comma or the end of the line)");
          }
        } else {
          for (int c = peek(); c >= 0 && c != ',' && c != '\n' && c != '\r'; c = peek()) {
            if (c == '"') {
              throw bad(source, line, "a quote inside an unquoted field (quote the whole field and double inner"
                  + " quotes)");
            }
            field.append((char) c);
            pos++;
          }
        }
        fields.add(field.toString());
        int c = peek();
        if (c < 0) {
          break;
        }
        pos++;
        if (c == ',') {
          continue;
        }
        if (c == '\r' && peek() == '\n') {   // end of line
          pos++;
        }
        line++;
        break;
      }
      return fields.toArray(new String[0]);
    }
  }

  /** Rows formatted per task when {@link #write} formats on several threads. */
  static final int BLOCK_ROWS = 4096;

  /**
   * Writes rows atomically (see {@link AtomicFiles}), gzipped when the target's name ends in {@code .gz}. With
   * {@code threads > 1}, blocks of {@value #BLOCK_ROWS} rows are formatted on that many threads at a time and
   * written in order; {@code rows} must then be safe to call from several threads.
   * The file is the same for any thread count.
   */
  static void write(Path target, List<String> header, int rowCount, RowWriter rows, int threads) throws IOException {
    try (Appender w = new Appender(target, header, threads)) {
      w.append(rowCount, rows);
      w.commit();
    }
  }

  /** A CSV file written block of rows by block of rows into its temporary file, then committed (or discarded). */
  static final class Appender implements AutoCloseable {
    private final AtomicFiles.Output file;
    private final java.io.Writer out;
    private final int columns;
    private final int threads;

    Appender(Path target, List<String> header, int threads) throws IOException {
      this.file = AtomicFiles.open(target);
      this.columns = header.size();
      this.threads = threads;
      try {
        OutputStream os = target.getFileName().toString().endsWith(".gz")
            ? new GZIPOutputStream(file.stream(), 1 << 16) : file.stream();
        this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        writeRecord(out, header.toArray(new String[0]));
      } catch (IOException | RuntimeException e) {
        file.close();
        throw e;
      }
    }

    /** Appends rows {@code [0, rowCount)} of {@code rows}. */
    void append(int rowCount, RowWriter rows) throws IOException {
      int blocks = (int) ((rowCount + (long) BLOCK_ROWS - 1) / BLOCK_ROWS);
      try (ChunkWorkers workers = ChunkWorkers.start(Math.max(1, Math.min(threads, blocks)))) {
        String[] texts = new String[Math.max(1, threads)];
        for (int first = 0; first < blocks; first += texts.length) {
          int round = Math.min(texts.length, blocks - first);
          int start = first;
          workers.run(round, j -> texts[j] = block(rows, columns, (start + j) * BLOCK_ROWS,
              (int) Math.min(rowCount, (long) (start + j + 1) * BLOCK_ROWS)));
          for (int j = 0; j < round; j++) {
            out.write(texts[j]);
          }
        }
      }
    }

    /** Bytes in the file so far (compressed, for a .gz file), give or take the buffers' contents. */
    long bytesWritten() {
      return file.bytesWritten();
    }

    /** Finishes the file and moves it into place. */
    void commit() throws IOException {
      out.close();
      file.commit();
    }

    /** Finishes the file and returns it where it is, to be read by a conversion and deleted by {@link #close}. */
    Path finish() throws IOException {
      out.close();
      return file.finish();
    }

    /** Without a commit: deletes the temporary file. */
    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /** Rows {@code [from, to)} as CSV text. */
  private static String block(RowWriter rows, int columns, int from, int to) {
    StringBuilder out = new StringBuilder((to - from) * 16 * columns);
    String[] fields = new String[columns];
    try {
      for (int r = from; r < to; r++) {
        rows.fill(r, fields);
        writeRecord(out, fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);   // a StringBuilder does not throw
    }
    return out.toString();
  }

  /** Fills the fields of row {@code r}. */
  @FunctionalInterface
  interface RowWriter {
    void fill(int r, String[] fields);
  }

  private static void writeRecord(Appendable w, String[] fields) throws IOException {
    for (int j = 0; j < fields.length; j++) {
      if (j > 0) {
        w.append(',');
      }
      String f = fields[j];
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
        w.append('"');
        w.append(f.replace("\"", "\"\""));
        w.append('"');
      } else {
        w.append(f);
      }
    }
    w.append('\n');
  }

  /** A syntax error at {@code line} of {@code source}. */
  static InputFileException bad(String source, int line, String what) {
    return new InputFileException(source + ": line " + line + ": " + what, source, line, null);
  }

  static UncheckedIOException unchecked(Path path, IOException e) {
    return new UncheckedIOException(path + ": " + e.getMessage(), e);
  }
}
