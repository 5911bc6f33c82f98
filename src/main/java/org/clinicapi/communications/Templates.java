package org.clinicapi.communications;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.loader.DelegatingLoader;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The message templates (Pebble), compiled once at start-up on a worker thread so that rendering on an
 * event loop reads no file. HTML templates escape every value by default; plain-text ones (the text part,
 * subjects, SMS) do not, since nothing there is interpreted as markup. Each kind has
 * {@code email/<kind>.subject.peb}, {@code .html.peb} and {@code .txt.peb}, and {@code sms/<kind>.peb}
 * when it can go by SMS. A directory in TEMPLATES_DIR overrides the built-in files name by name.
 */
final class Templates {
  static final List<String> EMAIL_KINDS = List.of(Kinds.WELCOME_VERIFY_EMAIL, Kinds.PASSWORD_RESET, Kinds.STAFF_INVITATION,
      Kinds.CONFIRMATION, Kinds.CHANGE, Kinds.CANCELLATION, Kinds.REMINDER, Kinds.PAYMENT_RECEIPT, Kinds.PAYMENT_REFUND);
  static final List<String> SMS_KINDS = List.of(Kinds.CONFIRMATION, Kinds.CHANGE, Kinds.CANCELLATION, Kinds.REMINDER);

  private final Map<String, PebbleTemplate> compiled;

  private Templates(Map<String, PebbleTemplate> compiled) {
    this.compiled = compiled;
  }

  /** Blocking (reads and compiles every file): call on a worker. Fails on a missing or broken template. */
  static Templates load(String overrideDir) {
    PebbleEngine html = engine(overrideDir, true);
    PebbleEngine text = engine(overrideDir, false);
    Map<String, PebbleTemplate> compiled = new HashMap<>();
    for (String kind : EMAIL_KINDS) {
      compiled.put("email/" + kind + ".subject", text.getTemplate("email/" + kind + ".subject.peb"));
      compiled.put("email/" + kind + ".html", html.getTemplate("email/" + kind + ".html.peb"));
      compiled.put("email/" + kind + ".txt", text.getTemplate("email/" + kind + ".txt.peb"));
    }
    for (String kind : SMS_KINDS) {
      compiled.put("sms/" + kind, text.getTemplate("sms/" + kind + ".peb"));
    }
    // Rendering once here also loads the layouts the templates extend, so no render reads a file later.
    Map<String, Object> sample = MessageModel.sample();
    compiled.values().forEach(t -> render(t, sample));
    return new Templates(Map.copyOf(compiled));
  }

  boolean hasSms(String kind) {
    return compiled.containsKey("sms/" + kind);
  }

  boolean hasEmail(String kind) {
    return compiled.containsKey("email/" + kind + ".html");
  }

  String subject(String kind, Map<String, Object> model) {
    return render(compiled.get("email/" + kind + ".subject"), model).strip();
  }

  String html(String kind, Map<String, Object> model) {
    return render(compiled.get("email/" + kind + ".html"), model);
  }

  String text(String kind, Map<String, Object> model) {
    return render(compiled.get("email/" + kind + ".txt"), model);
  }

  String sms(String kind, Map<String, Object> model) {
    return render(compiled.get("sms/" + kind), model).strip().replaceAll("\\s+", " ");
  }

  private static String render(PebbleTemplate template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      template.evaluate(out, model, Locale.ENGLISH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static PebbleEngine engine(String overrideDir, boolean html) {
    List<Loader<?>> loaders = new ArrayList<>();
    if (overrideDir != null && !overrideDir.isEmpty()) {
      FileLoader files = new FileLoader();
      files.setPrefix(overrideDir);
      loaders.add(files);
    }
    ClasspathLoader classpath = new ClasspathLoader(Templates.class.getClassLoader());
    classpath.setPrefix("templates");
    loaders.add(classpath);
    return new PebbleEngine.Builder().loader(new DelegatingLoader(loaders)).autoEscaping(html)
        .strictVariables(false).newLineTrimming(false).build();
  }
}
