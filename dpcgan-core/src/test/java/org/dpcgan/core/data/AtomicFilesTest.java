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
}
