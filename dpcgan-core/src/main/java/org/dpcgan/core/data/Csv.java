package org.dpcgan.core.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  /** Reads and parses a CSV or gzip-compressed CSV file; {@code role} names it in messages ("table", "sidecar"). */
  static Parsed read(Path path, String role) throws IOException {
    byte[] bytes;
    try (InputStream in = InputFiles.open(path, role)) {
      bytes = in.readAllBytes();
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new InputFileException(path + ": not a valid gzip file (" + e.getMessage() + ")",
          path.getFileName().toString(), 0, null);
    }
    String source = path.getFileName().toString();
    for (int i = 0, n = Math.min(bytes.length, 8192); i < n; i++) {
      if (bytes[i] == 0) {
        throw new InputFileException(path + ": the " + role + " is not a text file (it holds binary data); dpcgan reads"
            + " CSV, plain or gzip-compressed", source, 0, null);
      }
    }
    return parse(source, new String(bytes, StandardCharsets.UTF_8));
  }

  static Parsed parse(String source, String text) {
    int pos = text.startsWith("\uFEFF") ? 1 : 0;
    int n = text.length();
    int line = 1;
    List<String[]> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (pos < n) {
      int recordLine = line;
      fields.clear();
      // one record
      while (true) {
        field.setLength(0);
        if (pos < n && text.charAt(pos) == '"') {
          pos++;
          int quoteLine = line;
          while (true) {
            if (pos >= n) {
              throw bad(source, quoteLine, "unterminated quoted field (a quote opened here is never closed)");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
              if (pos < n && text.charAt(pos) == '"') {
                field.append('"');
                pos++;
              } else {
                break;
              }
            } else {
              if (c == '\n') {
                line++;
              }
              field.append(c);
            }
          }
          if (pos < n) {
            char c = text.charAt(pos);
            if (c != ',' && c != '\n' && c != '\r') {
              throw bad(source, line, "unexpected character '" + c + "' after a closing quote"
                  + " (a quoted field must be followed by a comma or the end of the line)");
            }
          }
        } else {
          while (pos < n) {
            char c = text.charAt(pos);
            if (c == ',' || c == '\n' || c == '\r') {
              break;
            }
            if (c == '"') {
              throw bad(source, line, "a quote inside an unquoted field (quote the whole field and double inner"
                  + " quotes)");
            }
            field.append(c);
            pos++;
          }
        }
        fields.add(field.toString());
        if (pos >= n) {
          break;
        }
        char c = text.charAt(pos);
        if (c == ',') {
          pos++;
          continue;
        }
        // end of line
        if (c == '\r') {
          pos++;
          if (pos < n && text.charAt(pos) == '\n') {
            pos++;
          }
        } else {
          pos++;
        }
        line++;
        break;
      }
      records.add(fields.toArray(new String[0]));
      lines.add(recordLine);
    }
    if (records.isEmpty()) {
      throw new InputFileException(source + ": the file is empty (no header row)", source, 0, null);
    }
    String[] header = records.get(0);
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
    List<String[]> rows = new ArrayList<>(records.size() - 1);
    int[] rowLines = new int[records.size() - 1];
    for (int i = 1; i < records.size(); i++) {
      String[] r = records.get(i);
      if (r.length != header.length) {
        if (r.length == 1 && r[0].isEmpty() && header.length > 1) {
          throw bad(source, lines.get(i), "empty line (every row needs " + header.length + " fields)");
        }
        throw bad(source, lines.get(i), "row has " + r.length + " fields, the header has " + header.length);
      }
      rowLines[rows.size()] = lines.get(i);
      rows.add(r);
    }
    return new Parsed(source, List.of(header), rows, rowLines);
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
