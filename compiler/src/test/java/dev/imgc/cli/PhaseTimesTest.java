package dev.imgc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PhaseTimesTest {
  @Test
  void eachPhaseIsPrintedWithItsSeconds() throws InterruptedException {
    PhaseTimes times = new PhaseTimes();
    Thread.sleep(20);
    times.end("check");
    times.end("plan");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    times.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

    String line = printed.toString(StandardCharsets.UTF_8);
    assertTrue(line.matches("imgc: timings: check \\d+\\.\\d{3} s, plan \\d+\\.\\d{3} s\\n"), line);
    double check = Double.parseDouble(line.substring("imgc: timings: check ".length(), line.indexOf(" s,")));
    assertTrue(check >= 0.020, "the check phase lasted the 20 ms slept: " + line);
  }
}
