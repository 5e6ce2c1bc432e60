package org.mmreview.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code mmreview bot --send --once} at random points (fixed seed), each killed
 * run started again until one finishes, sending to an in-process SMTP server (GreenMail). The bot
 * promises at most once: no reply reaches the server twice; a reply caught in {@code sending} by
 * the kill, with neither the archive's echo nor IMAP to tell whether it left, is marked {@code
 * unconfirmed} and not sent again. Every other patch gets exactly its one reply. The number of
 * kills is {@code -Dbot.kills=N} (default 6).
 */
class BotKillTest {
  @TempDir Path dir;

  private boolean imap;

  GreenMail mail;

  @BeforeEach
  void startSmtp() {
    mail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(0, "127.0.0.1", "smtp"), new ServerSetup(0, "127.0.0.1", "imap")
            });
    mail.start();
    mail.setUser(BotSendTest.SELF, BotSendTest.SELF, PASSWORD);
  }

  @AfterEach
  void stopSmtp() {
    mail.stop();
  }

  static final String PASSWORD = "bot-imap-secret";

  /** Without IMAP: a reply caught in 'sending' is 'unconfirmed', never sent twice. */
  @Test
  void killedRunsSendEachReplyAtMostOnce() throws Exception {
    killCampaigns(false);
  }

  /** With IMAP: a reply caught in 'sending' is looked up in the bot's mailbox; exactly once. */
  @Test
  void killedRunsWithImapSendEachReplyExactlyOnce() throws Exception {
    killCampaigns(true);
  }

  private void killCampaigns(boolean imap) throws Exception {
    Path inbox = BotSendTest.inbox(dir);
    Path cfg = BotSendTest.config(dir, mail.getSmtp().getPort());
    if (imap) {
      Files.writeString(
          cfg,
          "imap: {host: 127.0.0.1, port: " + mail.getImap().getPort() + ", starttls: false}\n",
          StandardOpenOption.APPEND);
    }
    this.imap = imap;

    // the uninterrupted run: which patches get a reply
    Path reference = dir.resolve("reference.db");
    Process ref = start(BotSendTest.args(dir, inbox, cfg, reference), reference);
    assertTrue(ref.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, ref.exitValue(), "the uninterrupted run failed");
    Map<String, String> expected = BotSendTest.replyStates(reference);
    assertEquals(BotSendTest.PATCHES.keySet(), expected.keySet());
    assertTrue(expected.values().stream().allMatch("sent"::equals), expected.toString());
    Map<String, Integer> once = new TreeMap<>();
    expected.keySet().forEach(p -> once.put(p, 1));
    assertEquals(once, BotSendTest.byInReplyTo(mail));

    int kills = Integer.getInteger("bot.kills", 6);
    Random random = new Random(Long.getLong("bot.seed", 20261202L));
    int killed = 0;
    int campaigns = 0;
    int duplicates = 0;
    int missed = 0;
    int unconfirmed = 0;
    int unconfirmedDelivered = 0;
    int caughtSending = 0;
    List<Integer> sentAtKill = new ArrayList<>();
    while (killed < kills) {
      campaigns++;
      mail.purgeEmailFromAllMailboxes();
      Path db = dir.resolve("killed-" + campaigns + ".db");
      List<String> args = BotSendTest.args(dir, inbox, cfg, db);
      while (true) {
        Process p = start(args, db);
        if (killed >= kills) {
          assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the last run did not end");
          assertEquals(0, p.exitValue(), "the run that finished failed");
          break;
        }
        if (!killSomewhere(p, random)) {
          assertEquals(0, p.exitValue(), "a run that ended before its kill failed");
          break;
        }
        killed++;
        sentAtKill.add(BotSendTest.copies(mail).size());
        if (leftSending(db)) {
          caughtSending++;
        }
      }
      // a last run after the one that finished: nothing more is sent
      int before = mail.getReceivedMessages().length;
      Process last = start(args, db);
      assertTrue(last.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, last.exitValue());
      assertEquals(before, mail.getReceivedMessages().length, "a finished state sends nothing");

      Map<String, String> states = BotSendTest.replyStates(db);
      Map<String, Integer> received = BotSendTest.byInReplyTo(mail);
      assertEquals(expected.keySet(), states.keySet(), "one reply row per patch, as uninterrupted");
      assertTrue(received.keySet().stream().allMatch(expected::containsKey), received.toString());
      for (Map.Entry<String, String> e : states.entrySet()) {
        int n = received.getOrDefault(e.getKey(), 0);
        if (n > 1) {
          duplicates += n - 1;
        }
        switch (e.getValue()) {
          case "sent" -> {
            assertEquals(1, n, "a reply marked sent reached the server once: " + e.getKey());
          }
          case "unconfirmed" -> {
            assertTrue(!imap, "with IMAP, nothing is left unconfirmed: " + e.getKey());
            // caught in 'sending': may or may not have left, never sent again
            unconfirmed++;
            unconfirmedDelivered += n;
          }
          default -> throw new AssertionError("reply left " + e.getValue() + ": " + e.getKey());
        }
        if (n == 0 && !e.getValue().equals("unconfirmed")) {
          missed++;
        }
      }
      assertEquals(0, duplicates, "a reply reached the server twice: " + received);
      assertEquals(0, missed);
    }
    System.out.println(
        "BotKillTest ("
            + (imap ? "with IMAP" : "SMTP only")
            + "): "
            + killed
            + " kills in "
            + campaigns
            + " campaigns (bot copies received at each kill: "
            + sentAtKill
            + "; kills that left a reply in 'sending': "
            + caughtSending
            + "); duplicates "
            + duplicates
            + ", missed "
            + missed
            + ", unconfirmed "
            + unconfirmed
            + " (of which delivered "
            + unconfirmedDelivered
            + ")");
  }

  /** True when the killed run left a reply in 'sending' (false before the schema exists). */
  private static boolean leftSending(Path db) {
    try {
      return Files.exists(db) && BotSendTest.replyStates(db).containsValue("sending");
    } catch (Exception e) {
      return false;
    }
  }

  private Process start(List<String> args, Path db) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    db.resolveSibling(db.getFileName() + ".log").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("MMREVIEW_"));
    if (imap) {
      pb.environment().put("MMREVIEW_IMAP_PASSWORD", PASSWORD);
    }
    return pb.start();
  }

  /**
   * Kills {@code p} with SIGKILL: a quarter of the time anywhere from JVM start on, otherwise right
   * around a send (once a new copy reached the server, 0-60 ms later). False when the run ended
   * first.
   */
  private boolean killSomewhere(Process p, Random random) throws Exception {
    if (random.nextInt(4) == 0) {
      p.waitFor(random.nextInt(2500), TimeUnit.MILLISECONDS);
    } else {
      int before = BotSendTest.copies(mail).size();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.isAlive()
          && System.nanoTime() < deadline
          && BotSendTest.copies(mail).size() <= before) {
        p.waitFor(2, TimeUnit.MILLISECONDS);
      }
      p.waitFor(random.nextInt(60), TimeUnit.MILLISECONDS);
    }
    if (!p.isAlive()) {
      return false;
    }
    p.destroyForcibly().waitFor();
    return true;
  }
}
