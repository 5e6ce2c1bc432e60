package org.mmreview.cli.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The wire format between a client (the launcher's small Python client, or a test) and {@code
 * mmreview serve}, over a Unix-domain socket. Kept tiny so a client needs nothing but sockets and
 * JSON:
 *
 * <pre>
 * client → server:  "MMRV1\n", one line of JSON {"argv": [...], "cwd": "/abs", "env": {...},
 *                   "tty": false}, then standard input's bytes until the client shuts its
 *                   writing side (nothing, when no FILE is "-")
 * server → client:  frames: one byte 'o' (stdout) or 'e' (stderr), a big-endian 4-byte length,
 *                   that many bytes; then 'x' and a 4-byte exit status, and the server closes
 * </pre>
 */
public final class ServeProtocol {
  /** The first bytes a client sends; a new incompatible protocol changes the digit. */
  public static final String MAGIC = "MMRV1\n";

  public static final byte STDOUT = 'o';
  public static final byte STDERR = 'e';
  public static final byte EXIT = 'x';

  /** The longest request line accepted: argv and the environment, not a patch. */
  static final int MAX_REQUEST_LINE = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServeProtocol() {}

  /**
   * One command to run as if in the client's process.
   *
   * @param argv the arguments after {@code mmreview}
   * @param cwd the client's directory, absolute
   * @param env the client's environment
   * @param tty whether the client's standard output is a terminal
   * @param stdin the client's standard input, when it sent it
   */
  public record Request(
      List<String> argv, String cwd, Map<String, String> env, boolean tty, byte[] stdin) {}

  /** Writes a request (the test client's side; the Python client writes the same bytes). */
  public static void writeRequest(OutputStream out, Request r) throws IOException {
    out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
    byte[] head =
        JSON.writeValueAsBytes(
            Map.of("argv", r.argv(), "cwd", r.cwd(), "env", r.env(), "tty", r.tty()));
    out.write(head);
    out.write('\n');
    out.write(r.stdin());
    out.flush();
  }

  /** Reads a request; a malformed one is an {@link IOException} saying what was wrong. */
  @SuppressWarnings("unchecked")
  public static Request readRequest(InputStream in) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length());
    if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IOException("not an mmreview client (bad greeting)");
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new EOFException("request ended before its end of line");
      }
      if (line.size() >= MAX_REQUEST_LINE) {
        throw new IOException("request line longer than " + MAX_REQUEST_LINE + " bytes");
      }
      line.write(b);
    }
    Map<String, Object> head = JSON.readValue(line.toByteArray(), Map.class);
    Object argv = head.get("argv");
    Object cwd = head.get("cwd");
    Object env = head.getOrDefault("env", Map.of());
    if (!(argv instanceof List<?> a)
        || !a.stream().allMatch(String.class::isInstance)
        || !(cwd instanceof String c)
        || !(env instanceof Map<?, ?> e)) {
      throw new IOException("request needs argv (strings), cwd (string) and env (object)");
    }
    return new Request(
        (List<String>) a,
        c,
        (Map<String, String>) e,
        Boolean.TRUE.equals(head.get("tty")),
        in.readAllBytes());
  }

  /** Writes one frame. */
  static void writeFrame(DataOutputStream out, byte type, byte[] data, int off, int len)
      throws IOException {
    out.writeByte(type);
    out.writeInt(len);
    out.write(data, off, len);
  }

  /**
   * Reads a whole reply (the test client's side): stdout, stderr and the exit status.
   *
   * @return {@code null} status when the server closed before sending one
   */
  public static Reply readReply(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    while (true) {
      int type;
      try {
        type = d.readByte();
      } catch (EOFException e) {
        return new Reply(out.toByteArray(), err.toByteArray(), null);
      }
      int n = d.readInt();
      if (type == EXIT) {
        return new Reply(out.toByteArray(), err.toByteArray(), n);
      }
      byte[] b = d.readNBytes(n);
      (type == STDOUT ? out : err).write(b);
    }
  }

  /** What a served command printed and returned. */
  public record Reply(byte[] stdout, byte[] stderr, Integer status) {}
}
