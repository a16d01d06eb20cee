package dev.imgc.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseTimesTest {
  @Test
  void eachPhaseIsPrintedWithItsSeconds() throws InterruptedException {
    PhaseTimes times = new PhaseTimes();
    Thread.sleep(20);
    times.end("check");
    times.end("plan");

    String line = times.line();
    assertTrue(line.matches("imgc: timings: check \\d+\\.\\d{3} s, plan \\d+\\.\\d{3} s"), line);
    double check = Double.parseDouble(line.substring("imgc: timings: check ".length(), line.indexOf(" s,")));
    assertTrue(check >= 0.020, "the check phase lasted the 20 ms slept: " + line);
  }
}
