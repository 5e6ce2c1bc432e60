package org.mmreview.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A reply cites only the precedents written before the mail it answers. */
class ReplyPrecedentTest {
  private static final String LATER =
      "Lorenzo Stoakes on \"Re: [PATCH RESEND] userfaultfd: snapshot VMA state across UFFDIO_COPY"
          + " retry\", 2026-05-27";
  private static final String TWO =
      "Peter Xu on fs/userfaultfd.c, 2023-02-08 (Y+QQLNrhyiVwXI50@x1n); Christophe Leroy on"
          + " mm/mprotect.c, 2022-06-13 (e4d4@csgroup.eu)";

  private static Optional<OffsetDateTime> mail(String date) {
    return Optional.of(OffsetDateTime.parse(date));
  }

  @Test
  void aThreadFromAfterTheMailIsNotCited() {
    assertEquals(Optional.empty(), ReplyWriter.citable(LATER, mail("2020-01-24T18:11:13-08:00")));
  }

  @Test
  void aThreadFromBeforeTheMailIsCited() {
    assertEquals(Optional.of(LATER), ReplyWriter.citable(LATER, mail("2026-06-01T09:00:00Z")));
  }

  @Test
  void onlyTheEarlierOfSeveralThreadsIsCited() {
    assertEquals(
        Optional.of("Christophe Leroy on mm/mprotect.c, 2022-06-13 (e4d4@csgroup.eu)"),
        ReplyWriter.citable(TWO, mail("2022-11-30T12:00:00+01:00")));
    assertEquals(Optional.empty(), ReplyWriter.citable(TWO, mail("2021-01-01T00:00:00Z")));
    assertEquals(Optional.of(TWO), ReplyWriter.citable(TWO, mail("2023-02-08T23:00:00Z")));
  }

  @Test
  void aMonthAfterTheMailsMonthIsLater() {
    String fix = "Jann Horn's fix 657b5146955e (Linux 6.5-rc4, July 2023)";
    assertEquals(Optional.empty(), ReplyWriter.citable(fix, mail("2023-06-30T10:00:00Z")));
    assertEquals(Optional.of(fix), ReplyWriter.citable(fix, mail("2023-07-02T10:00:00Z")));
  }

  @Test
  void anUndatedMailOrPrecedentKeepsIt() {
    assertEquals(Optional.of(LATER), ReplyWriter.citable(LATER, Optional.empty()));
    String undated = "the handle_mm_fault() comment in mm/gup.c";
    assertEquals(Optional.of(undated), ReplyWriter.citable(undated, mail("2019-01-01T00:00:00Z")));
  }
}
