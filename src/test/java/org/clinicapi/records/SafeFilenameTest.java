package org.clinicapi.records;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Client filenames become harmless labels and safe Content-Disposition values")
class SafeFilenameTest {

  @Test
  @DisplayName("paths, dots, quotes, control characters and header breaks are removed; letters of any script stay")
  void sanitizes() {
    assertThat(SafeFilename.of("../../etc/passwd")).isEqualTo("passwd");
    assertThat(SafeFilename.of("C:\\Users\\me\\scan.pdf")).isEqualTo("scan.pdf");
    assertThat(SafeFilename.of("..")).isEqualTo("file");
    assertThat(SafeFilename.of(".bashrc")).isEqualTo("bashrc");
    assertThat(SafeFilename.of("a\"b\r\nSet-Cookie: x.txt")).isEqualTo("a_b__Set-Cookie_ x.txt");
    assertThat(SafeFilename.of("résumé 日本.pdf")).isEqualTo("résumé 日本.pdf");
    assertThat(SafeFilename.of(null)).isEqualTo("file");
    assertThat(SafeFilename.of("x".repeat(300) + ".pdf")).hasSize(255).endsWith(".pdf");
  }

  @Test
  @DisplayName("Content-Disposition is an attachment with an ASCII fallback and the exact name as UTF-8 filename*")
  void contentDisposition() {
    assertThat(SafeFilename.contentDisposition("résumé 1.pdf"))
        .isEqualTo("attachment; filename=\"r_sum_ 1.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.pdf");
    assertThat(SafeFilename.contentDisposition(SafeFilename.of("evil\";\r\n.txt")))
        .isEqualTo("attachment; filename=\"evil____.txt\"; filename*=UTF-8''evil____.txt");
  }
}
