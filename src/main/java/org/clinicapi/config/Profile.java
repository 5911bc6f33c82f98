package org.clinicapi.config;

/** dev: embedded services when none is configured, demo data. prod: everything explicit, nothing embedded. */
public enum Profile {
  DEV, PROD
}
