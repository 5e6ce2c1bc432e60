package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmreview.cli.serve.ServeProtocol;
import org.mmreview.cli.serve.ServeServer;

/**
 * {@code mmreview serve} answers exactly as the cold path does: the same standard output, standard
 * error and exit status for the argument sets the hooks and users run, from another directory, with
 * standard input, and with bad input; and only its own user reaches it.
 */
class ServeTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final String PATCH = "retry-stale-snapshot/fire_split_copy_retry.patch";

  @TempDir Path tmp;
  private Path jar;
  private Path socket;
  private ExecutorService pool;
  private Future<Boolean> running;
  private StringWriter log;

  @BeforeEach
  void start() throws Exception {
    // The socket of a jar build, as the launcher's clients find it from the jar (a stand-in file:
    // only its path and modification time name the socket).
    jar = tmp.resolve("target/mmreview.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[0]);
    socket =
        ServeServer.defaultSocket(
            Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString()),
            jar,
            Files.getLastModifiedTime(jar).toMillis() / 1000);
    log = new StringWriter();
    pool = Executors.newSingleThreadExecutor();
    running = pool.submit(() -> server(Duration.ofMinutes(5)).serve());
    for (int i = 0; i < 500 && !Files.exists(socket); i++) {
      Thread.sleep(10);
    }
    assertTrue(Files.exists(socket), "the server did not start: " + log);
  }

  private ServeServer server(Duration idle) {
    return new ServeServer(
        socket, idle, ServeCommand::runServed, new PrintWriter(log, true), StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static ServeProtocol.Reply served(Path socket, ServeProtocol.Request r)
      throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(ch);
      ServeProtocol.writeRequest(out, r);
      ch.shutdownOutput();
      InputStream in = Channels.newInputStream(ch);
      return ServeProtocol.readReply(in);
    }
  }

  private void assertSameAsCold(Path cwd, byte[] stdin, String... args) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("NO_COLOR", "1");
    CheckRun.Result cold =
        CheckRun.run(new Host(new ByteArrayInputStream(stdin), env, cwd, false), args);
    ServeProtocol.Reply warm =
        served(socket, new ServeProtocol.Request(List.of(args), cwd.toString(), env, false, stdin));
    String what = String.join(" ", args);
    assertEquals(cold.out(), new String(warm.stdout(), StandardCharsets.UTF_8), "stdout: " + what);
    assertEquals(cold.err(), new String(warm.stderr(), StandardCharsets.UTF_8), "stderr: " + what);
    assertEquals(Integer.valueOf(cold.code()), warm.status(), "status: " + what);
  }

  @Test
  void checkIsByteIdenticalToTheColdPath() throws Exception {
    Path rules = ROOT.resolve("fixtures/rules");
    byte[] none = new byte[0];
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"check", PATCH});
    runs.add(new String[] {"check", "--format=gcc", PATCH});
    runs.add(new String[] {"check", "--format=json", PATCH});
    runs.add(new String[] {"check", "--format=sarif", PATCH});
    runs.add(new String[] {"check", "--quiet", "--format=gcc", "--fail-on=none", PATCH});
    runs.add(
        new String[] {"check", "--all", "retry-stale-snapshot/fire_goto_retry_pinned_folio.c"});
    runs.add(new String[] {"check", "no/such.patch"});
    runs.add(new String[] {"check", "--no-such-option"});
    for (String[] args : runs) {
      assertSameAsCold(rules, none, args); // relative paths resolve against the client's cwd
    }
    byte[] patch = Files.readAllBytes(rules.resolve(PATCH));
    assertSameAsCold(tmp, patch, "check", "--format=gcc", "-");
  }

  @Test
  void theServerRunsCheckOnly() throws Exception {
    ServeProtocol.Reply r =
        served(
            socket,
            new ServeProtocol.Request(
                List.of("rules"), ROOT.toString(), Map.of(), false, new byte[0]));
    assertEquals(Integer.valueOf(2), r.status());
  }

  @Test
  void aSecondServerOnTheSameSocketStepsAside() throws Exception {
    assertFalse(server(Duration.ofMinutes(5)).serve());
    assertTrue(log.toString().contains("a server is already running"), log.toString());
  }

  @Test
  void onlyItsUserCanReachIt() throws Exception {
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    // the server narrows the socket's mode right after bind() creates it, and the setup saw the
    // file appear: give it the moment between the two
    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
    for (int i = 0; i < 200 && !mode.equals("rw-------"); i++) {
      Thread.sleep(10);
      mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(socket));
    }
    assertEquals("rw-------", mode);
    Path open = tmp.resolve("open");
    Files.createDirectories(open);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    ServeServer other =
        new ServeServer(
            open.resolve("x.sock"),
            Duration.ofSeconds(1),
            (r, in, out, err) -> 0,
            new PrintWriter(new StringWriter()),
            StandardCharsets.UTF_8);
    var e = assertThrows(ServeServer.ServeException.class, other::serve);
    assertTrue(e.getMessage().contains("open to other users"), e.getMessage());
  }

  @Test
  void aGarbledRequestIsLoggedAndTheServerGoesOn() throws Exception {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      Channels.newOutputStream(ch)
          .write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ch.shutdownOutput();
      try {
        assertEquals(-1, Channels.newInputStream(ch).read(), "closed without an answer");
      } catch (IOException reset) {
        // closed with our request unread: a reset is as good as an end of stream
      }
    }
    assertSameAsCold(ROOT.resolve("fixtures/rules"), new byte[0], "check", PATCH);
    assertTrue(log.toString().contains("bad request"), log.toString());
  }

  @Test
  void itExitsWhenIdleAndRemovesItsSocket() throws Exception {
    Path idleSocket = tmp.resolve("idle/s.sock");
    ServeServer s =
        new ServeServer(
            idleSocket,
            Duration.ofMillis(200),
            (r, in, out, err) -> 0,
            new PrintWriter(new StringWriter()),
            StandardCharsets.UTF_8);
    assertTrue(s.serve());
    assertFalse(Files.exists(idleSocket));
  }

  /**
   * The launcher's clients, the C one (compiled here as the launcher compiles it; skipped without a
   * C compiler) and the Python one (skipped without python3), print what the cold path prints, on
   * each stream, with its status; they find the server from the jar as the server names its socket;
   * and with no server they exit 75, the launcher's cue to run cold.
   */
  @Test
  void theCClientPrintsWhatTheColdPathPrints() throws Exception {
    assumeTrue(onPath("cc"), "no C compiler: the launcher then uses the Python client");
    Path bin = tmp.resolve("mmreview-client");
    Process cc =
        new ProcessBuilder(
                "cc",
                "-std=c99",
                "-Wall",
                "-Werror",
                "-O2",
                "-o",
                bin.toString(),
                ROOT.resolve("contrib/serve/client.c").toString())
            .redirectErrorStream(true)
            .start();
    String ccSaid = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cc.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, cc.exitValue(), ccSaid);
    assertClientIsTheColdPath(List.of(bin.toString()));
  }

  @Test
  void thePythonClientPrintsWhatTheColdPathPrints() throws Exception {
    assumeTrue(onPath("python3"), "python3 not on PATH: the launcher then always runs cold");
    assertClientIsTheColdPath(
        List.of("python3", "-I", "-S", ROOT.resolve("contrib/serve/client.py").toString()));
  }

  private void assertClientIsTheColdPath(List<String> client) throws Exception {
    Path rules = ROOT.resolve("fixtures/rules");
    byte[] patch = Files.readAllBytes(rules.resolve(PATCH));
    assertEquals(socket.toString() + "\n", client(client, rules, null, "--socket-of", jar).out());
    List<String[]> runs = new ArrayList<>();
    runs.add(new String[] {"check", "--format=gcc", PATCH});
    runs.add(new String[] {"check", PATCH}); // the human format: UTF-8 on stdout
    runs.add(new String[] {"check", "--format=json", "-"});
    // JSON's escapes (quote, backslash, a control character) in an argument the error repeats
    runs.add(new String[] {"check", "no/such \"qu\\oted\"\t.patch"});
    runs.add(new String[] {"check", "--no-such-option"});
    for (String[] args : runs) {
      byte[] stdin = Arrays.asList(args).contains("-") ? patch : new byte[0];
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("NO_COLOR", "1");
      env.put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
      CheckRun.Result cold =
          CheckRun.run(new Host(new ByteArrayInputStream(stdin), env, rules, false), args);
      List<Object> argv = new ArrayList<>(List.of(jar));
      argv.addAll(List.of(args));
      CheckRun.Result warm = client(client, rules, stdin, argv.toArray());
      String what = client.get(0) + " " + String.join(" ", args);
      assertEquals(cold.out(), warm.out(), "stdout: " + what);
      assertEquals(cold.err(), warm.err(), "stderr: " + what);
      assertEquals(cold.code(), warm.code(), "status: " + what);
    }
    Path otherJar = tmp.resolve("other.jar");
    Files.write(otherJar, new byte[0]);
    assertEquals(
        75,
        client(client, rules, null, otherJar, "check", PATCH).code(),
        "no server: the launcher falls back to the cold path");
    assertEquals(
        75,
        client(client, rules, null, tmp.resolve("no-such.jar"), "check", PATCH).code(),
        "no jar: the launcher falls back to the cold path");
  }

  /** Runs a client in {@code dir}, its standard input {@code stdin} (null: none). */
  private CheckRun.Result client(List<String> client, Path dir, byte[] stdin, Object... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(client);
    for (Object a : args) {
      cmd.add(a.toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("NO_COLOR", "1");
    pb.environment().put("XDG_RUNTIME_DIR", tmp.resolve("run").toString());
    Path in = tmp.resolve("client.in");
    Files.write(in, stdin == null ? new byte[0] : stdin);
    Path out = tmp.resolve("client.out");
    Path err = tmp.resolve("client.err");
    Process p =
        pb.redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client hung: " + cmd);
    return new CheckRun.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static boolean onPath(String cmd) {
    String path = System.getenv("PATH");
    assertNotNull(path);
    for (String d : path.split(":")) {
      if (Files.isExecutable(Path.of(d, cmd))) {
        return true;
      }
    }
    return false;
  }
}
