package org.dpcgan.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private Stream<String> names(Path folder) throws IOException {
    return Files.list(folder).map(p -> p.getFileName().toString()).sorted();
  }

  @Test
  void write_createsTheFolders_andLeavesOnlyTheTarget() throws IOException {
    Path target = dir.resolve("a").resolve("b").resolve("out.txt");
    AtomicFiles.write(target, "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(target)).isEqualTo("hello");
    assertThat(names(target.getParent())).containsExactly("out.txt");
  }

  @Test
  void aFailingWrite_keepsTheOldFile_andLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old");
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(names(dir)).containsExactly("out.txt");
  }

  @Test
  void theFile_getsThePermissionsOfAnyNewFile_notOwnerOnly() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain.txt"));
    Path target = dir.resolve("atomic.txt");
    AtomicFiles.write(target, new byte[] {1});
    assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void aTemporaryFileOfAKilledProcess_isRemovedByTheNextWrite() throws IOException {
    Path target = dir.resolve("out.csv");
    long dead = deadPid();
    Path stale = Files.writeString(dir.resolve(".out.csv." + dead + "-k3x.tmp"), "half a file");
    Path otherTarget = Files.writeString(dir.resolve(".other.csv." + dead + "-k3x.tmp"), "someone else's");
    AtomicFiles.write(target, "whole".getBytes(StandardCharsets.UTF_8));
    assertThat(stale).doesNotExist();
    assertThat(otherTarget).exists();
    assertThat(Files.readString(target)).isEqualTo("whole");
  }

  @Test
  void aTemporaryFileOfARunningProcess_isLeftAlone() throws IOException {
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
    Path live = Files.writeString(dir.resolve(".out.csv." + parent + "-k3x.tmp"), "being written");
    AtomicFiles.write(dir.resolve("out.csv"), new byte[] {1});
    assertThat(live).exists();
  }

  @Test
  void anUncommittedOutput_deletesItsTemporaryFileOnClose() throws IOException {
    Path target = dir.resolve("out.txt");
    try (AtomicFiles.Output out = AtomicFiles.open(target)) {
      out.stream().write(new byte[] {1, 2, 3});
      assertThat(names(dir).toList()).hasSize(1).allMatch(n -> n.startsWith(".out.txt.") && n.endsWith(".tmp"));
    }
    assertThat(names(dir)).isEmpty();
  }

  @Test
  void aCommittedOutput_countsItsBytes() throws IOException {
    Path target = dir.resolve("out.txt");
    try (AtomicFiles.Output out = AtomicFiles.open(target)) {
      out.stream().write(new byte[100_000]);
      assertThat(out.bytesWritten()).isBetween(100_000L - (1 << 16), 100_000L);
      out.commit();
    }
    assertThat(Files.size(target)).isEqualTo(100_000);
    assertThat(names(dir)).containsExactly("out.txt");
  }

  /** A process id that no process has: one of a process that has ended. */
  private static long deadPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assumeTrue(ProcessHandle.of(p.pid()).isEmpty(), "the pid of an ended process was reused at once");
    return p.pid();
  }
}
