package org.clinicapi.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("APPOINTMENT_HOLD_TTL_SECONDS: 300 by default, 1 to 3600 accepted")
class AppointmentsConfigTest {

  @Test
  @DisplayName("the default is 300 seconds, and 0 or more than an hour is refused naming the setting")
  void holdTtlBounds() {
    assertThat(AppConfig.from(ConfigLoader.defaults()).appointments().holdTtlSeconds()).isEqualTo(300);
    assertThat(AppConfig.from(ConfigLoader.defaults().put("APPOINTMENT_HOLD_TTL_SECONDS", 3600)).appointments().holdTtlSeconds())
        .isEqualTo(3600);
    for (int bad : new int[] {0, 3601}) {
      assertThatThrownBy(() -> AppConfig.from(ConfigLoader.defaults().put("APPOINTMENT_HOLD_TTL_SECONDS", bad)))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
              .anySatisfy(p -> assertThat(p).startsWith("APPOINTMENT_HOLD_TTL_SECONDS")));
    }
  }
}
