package org.mmreview.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mmreview} launcher, run by bash on a copy of itself in a scratch checkout, with a
 * fake build command and a fake {@code java}: what it says while building, its locking and its exit
 * codes, without spending a Maven build on each case.
 */
class LauncherTest {
  private static final Path LAUNCHER =
      Path.of(System.getProperty("mmreview.root", ".")).resolve("mmreview");

  /**
   * Counts builds, sleeps so that concurrent launchers overlap, and prints what Maven 3.8 leaks.
   */
  private static final String FAKE_BUILD =
      "echo built >> build-count; sleep 1; printf '\\033[0m\\033[0m'; mkdir -p target; : > target/mmreview.jar";

  @TempDir Path checkout;
  private Path javaHome;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void scratchCheckout() throws IOException {
    Files.copy(LAUNCHER, checkout.resolve("mmreview"));
    Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(checkout.resolve("src/main"));
    javaHome = checkout.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    // Prints its arguments and exits with FAKE_JAVA_EXIT, as mmreview would with its status.
    executable(
        javaHome.resolve("bin/java"), "#!/bin/sh\necho \"java $*\"\nexit ${FAKE_JAVA_EXIT:-0}\n");
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Process start(Map<String, String> extraEnv, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", checkout.resolve("mmreview").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(checkout.toFile());
    Map<String, String> env = pb.environment();
    env.remove("MMREVIEW_CLASSPATH");
    env.put("JAVA_HOME", javaHome.toString());
    env.put("MMREVIEW_JAVA_OPTS", "-Xmx64m"); // no class-data-sharing training run
    env.put("MMREVIEW_BUILD_CMD", FAKE_BUILD);
    env.putAll(extraEnv);
    return pb.start();
  }

  private static Run finish(Process p) throws Exception {
    // Both streams are small: read one after the other once the process has ended.
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher hung");
    return new Run(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private Run run(Map<String, String> extraEnv, String... args) throws Exception {
    return finish(start(extraEnv, args));
  }

  private int builds() throws IOException {
    Path count = checkout.resolve("build-count");
    return Files.exists(count) ? Files.readAllLines(count).size() : 0;
  }

  @Test
  void firstRunBuildsOnceSaysSoAndPassesArgumentsThrough() throws Exception {
    Run first = run(Map.of(), "check", "a.patch");
    assertEquals(0, first.code(), first.err());
    assertEquals("mmreview: building (first run, ~30 s)...\n", first.err());
    assertTrue(
        first.out().contains("-jar " + checkout.resolve("target/mmreview.jar") + " check a.patch"),
        first.out());

    Run second = run(Map.of(), "rules");
    assertEquals("", second.err());
    assertEquals(1, builds());

    Path jar = checkout.resolve("target/mmreview.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Run stale = run(Map.of(), "rules");
    assertEquals("mmreview: rebuilding (sources changed, ~30 s)...\n", stale.err());
    assertEquals(2, builds());
  }

  @Test
  void concurrentLaunchesShareOneBuild() throws Exception {
    List<Process> launches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      launches.add(start(Map.of(), "rules"));
    }
    int said = 0;
    for (Process p : launches) {
      Run r = finish(p);
      assertEquals(0, r.code(), r.err());
      said += r.err().split("building", -1).length - 1;
    }
    assertEquals(1, builds());
    assertEquals(1, said, "exactly one launcher says it is building");
  }

  @Test
  void withoutFlockTheMkdirLockSerialisesBuilds() throws Exception {
    // A PATH with every tool of the machine but flock, as on a system without util-linux.
    Path bin = checkout.resolve("bin-without-flock");
    Files.createDirectories(bin);
    for (String dir : List.of("/usr/bin", "/bin")) {
      try (var tools = Files.list(Path.of(dir))) {
        for (Path tool : (Iterable<Path>) tools::iterator) {
          Path link = bin.resolve(tool.getFileName());
          if (!tool.getFileName().toString().equals("flock")
              && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, tool);
          }
        }
      }
    }
    List<Process> launches = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      launches.add(start(Map.of("PATH", bin.toString()), "rules"));
    }
    for (Process p : launches) {
      Run r = finish(p);
      assertEquals(0, r.code(), r.err());
    }
    assertEquals(1, builds());
    assertFalse(
        Files.exists(checkout.resolve("target/.mmreview-build.lock.d")), "lock left behind");
  }

  @Test
  void failedBuildExitsThreeWithTheLogTailAndNoColourCodes() throws Exception {
    Run r =
        run(
            Map.of(
                "MMREVIEW_BUILD_CMD",
                "printf '\\033[1;31m[ERROR] COMPILATION ERROR\\033[0m\\n'; exit 1"),
            "rules");
    assertEquals(3, r.code());
    assertTrue(r.err().contains("build failed (exit 1)"), r.err());
    assertTrue(r.err().contains("[ERROR] COMPILATION ERROR"), r.err());
    assertFalse(r.err().contains("\u001b") || r.out().contains("\u001b"), "escape codes leaked");
    assertFalse(r.out().contains("java "), "must not run after a failed build");
  }

  @Test
  void buildThatLeavesNoJarExitsThree() throws Exception {
    assertEquals(3, run(Map.of("MMREVIEW_BUILD_CMD", "true"), "rules").code());
  }

  @Test
  void missingJavaExitsThreeNotOne() throws Exception {
    Run r = run(Map.of("JAVA_HOME", checkout.resolve("no-such-jdk").toString()), "rules");
    assertEquals(3, r.code());
    assertTrue(r.err().contains("has no bin/java"), r.err());
  }

  @Test
  void mmreviewExitStatusPassesThrough() throws Exception {
    assertEquals(1, run(Map.of("FAKE_JAVA_EXIT", "1"), "check", "x.patch").code());
    assertEquals(2, run(Map.of("FAKE_JAVA_EXIT", "2"), "check", "x.patch").code());
  }

  @Test
  void classPathOverrideRunsMainWithoutBuilding() throws Exception {
    Run r = run(Map.of("MMREVIEW_CLASSPATH", "/some/classes"), "rules");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("-cp /some/classes org.mmreview.cli.Main rules"), r.out());
    assertEquals(0, builds());
  }

  /** A stand-in serve client: prints what it was asked, exits FAKE_CLIENT_EXIT. */
  private void fakeClient() throws Exception {
    assertEquals(0, run(Map.of(), "rules").code()); // the first build
    executable(
        checkout.resolve("target/mmreview-client"),
        "#!/bin/sh\n"
            + "if [ \"$1\" = --socket-of ]; then echo /run/test/s.sock; exit 0; fi\n"
            + "echo \"client $*\"\n"
            + "exit ${FAKE_CLIENT_EXIT:-0}\n");
  }

  @Test
  void servedCheckGoesToTheClientAndNotToJava() throws Exception {
    fakeClient();
    Path jar = checkout.resolve("target/mmreview.jar");
    Run served = run(Map.of("MMREVIEW_SERVE", "1"), "check", "a.patch");
    assertEquals(0, served.code(), served.err());
    assertEquals("client " + jar + " check a.patch\n", served.out());
    Run findings = run(Map.of("MMREVIEW_SERVE", "1", "FAKE_CLIENT_EXIT", "1"), "check", "a.patch");
    assertEquals(1, findings.code(), "the served status passes through");
    assertFalse(findings.out().contains("java "), findings.out());
    Run notServed = run(Map.of("MMREVIEW_SERVE", "1"), "rules");
    assertTrue(notServed.out().startsWith("java "), "only check is served: " + notServed.out());
    Run off = run(Map.of("MMREVIEW_SERVE", "0"), "check", "a.patch");
    assertTrue(off.out().startsWith("java "), off.out());
  }

  @Test
  void noServerRunsColdAndStartsOneInTheBackground() throws Exception {
    fakeClient();
    Run r = run(Map.of("MMREVIEW_SERVE", "1", "FAKE_CLIENT_EXIT", "75"), "check", "a.patch");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("-jar " + checkout.resolve("target/mmreview.jar") + " check a.patch"),
        r.out());
    Path log = checkout.resolve("target/mmreview-serve.log");
    for (int i = 0;
        i < 500 && !(Files.exists(log) && Files.readString(log).contains("serve"));
        i++) {
      Thread.sleep(10);
    }
    assertTrue(
        Files.readString(log).contains(" serve --socket /run/test/s.sock"), Files.readString(log));
  }

  @Test
  void staleSourcesAreRebuiltBeforeAnythingIsServed() throws Exception {
    fakeClient();
    Path jar = checkout.resolve("target/mmreview.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Run r = run(Map.of("MMREVIEW_SERVE", "1"), "check", "a.patch");
    assertEquals("mmreview: rebuilding (sources changed, ~30 s)...\n", r.err());
    assertTrue(r.out().startsWith("java "), "a stale jar's server is not asked: " + r.out());
  }

  @Test
  void theCClientIsCompiledOnFirstUse() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/cc")) || Files.isExecutable(Path.of("/bin/cc")),
        "no C compiler: the launcher then uses the Python client");
    assertEquals(0, run(Map.of(), "rules").code()); // the first build
    Path src = checkout.resolve("contrib/serve/client.c");
    Files.createDirectories(src.getParent());
    Files.copy(LAUNCHER.resolveSibling("contrib/serve/client.c"), src);
    // No server answers for this scratch jar: the client says 75 and the launcher runs cold.
    Run r =
        run(
            Map.of("MMREVIEW_SERVE", "1", "XDG_RUNTIME_DIR", checkout.resolve("run").toString()),
            "check",
            "a.patch");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(" check a.patch"), r.out());
    assertTrue(Files.isExecutable(checkout.resolve("target/mmreview-client")), "not compiled");
  }
}
