package org.clinicapi.config;

public enum LogFormat {
  JSON, TEXT
}
