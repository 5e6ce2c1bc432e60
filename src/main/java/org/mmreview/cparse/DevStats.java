package org.mmreview.cparse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class DevStats {
  public static void main(String[] args) throws Exception {
    ChunkParser p = new ChunkParser(KernelMacros.defaults());
    long t0 = System.nanoTime();
    long lexNs = 0; int errs = 0, total = 0, lines = 0;
    for (String a : args) {
      String text = Files.readString(Path.of(a));
      lines += text.split("\n", -1).length;
      long l0 = System.nanoTime();
      ChunkParser.Lexed lx = p.lex(text);
      lexNs += System.nanoTime() - l0;
      for (Chunker.Chunk c : Chunker.split(lx.visible())) {
        ChunkParser.ParsedChunk pc = p.parse(lx.visible(), c.start(), c.end(), false);
        total++;
        if (pc.error() != null) {
          errs++;
          var first = lx.visible().get(c.start());
          System.out.println(a + ":" + first.getLine() + ": " + pc.error() + " | at " + (pc.errorToken() == null ? "" : pc.errorToken().getText()));
        }
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (Boolean.getBoolean("mmreview.profile")) {
      var infos = p.antlrParser().getParseInfo().getDecisionInfo();
      java.util.List<org.antlr.v4.runtime.atn.DecisionInfo> l = new java.util.ArrayList<>(java.util.Arrays.asList(infos));
      l.sort((x, y) -> Long.compare(y.timeInPrediction, x.timeInPrediction));
      for (int i = 0; i < 15; i++) {
        var d = l.get(i);
        var st = p.antlrParser().getATN().getDecisionState(d.decision);
        System.out.println("decision " + d.decision + " rule " + org.mmreview.cparse.grammar.KernelCParser.ruleNames[st.ruleIndex]
            + " time " + d.timeInPrediction / 1_000_000 + "ms invocations " + d.invocations + " sllLook " + d.SLL_TotalLook + " maxLook " + d.SLL_MaxLook + " ATNtrans " + d.SLL_ATNTransitions + " dfaTrans " + d.SLL_DFATransitions);
      }
    }
    System.out.println("chunks " + total + " errors " + errs + " ll " + p.llFallbackCount() + " lines " + lines + " ms " + ms + " lexms " + lexNs / 1_000_000);
  }
}
