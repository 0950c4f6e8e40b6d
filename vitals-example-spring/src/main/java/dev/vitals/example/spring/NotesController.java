package dev.vitals.example.spring;

import dev.vitals.spi.Outputs;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /notes}: the same answers, byte for byte, as vitals-example's. */
@RestController
class NotesController {
  private static final System.Logger LOG = System.getLogger(NotesController.class.getName());
  static final int MAX_NOTE_BYTES = 4096;

  private final NotesStore store;

  NotesController(NotesStore store) {
    this.store = store;
  }

  @GetMapping("/notes")
  ResponseEntity<String> latest() throws SQLException {
    List<NotesStore.Note> notes = store.latest(100);
    StringBuilder json = new StringBuilder("[");
    for (NotesStore.Note note : notes) {
      json.append(json.length() > 1 ? "," : "").append(toJson(note));
    }
    return json(HttpStatus.OK, json.append(']').toString());
  }

  /** The body as it arrives (any content type), at most 4 KB. */
  @PostMapping("/notes")
  ResponseEntity<String> add(HttpServletRequest request) throws IOException, SQLException {
    byte[] body = request.getInputStream().readNBytes(MAX_NOTE_BYTES + 1);
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (body.length > MAX_NOTE_BYTES) {
      return json(HttpStatus.CONTENT_TOO_LARGE,
          "{\"error\":\"a note is at most " + MAX_NOTE_BYTES + " bytes\"}");
    }
    if (text.isEmpty()) {
      return json(HttpStatus.BAD_REQUEST, "{\"error\":\"send the note's text as the request body\"}");
    }
    return json(HttpStatus.CREATED, toJson(store.add(text)));
  }

  @ExceptionHandler(SQLException.class)
  ResponseEntity<String> databaseUnavailable(SQLException e) {
    LOG.log(Level.WARNING, "notes request failed: {0}", Outputs.describe(e));
    return json(HttpStatus.SERVICE_UNAVAILABLE, "{\"error\":\"database unavailable\"}");
  }

  private static ResponseEntity<String> json(HttpStatus status, String json) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json);
  }

  static String toJson(NotesStore.Note note) {
    StringBuilder s = new StringBuilder("{\"id\":").append(note.id()).append(",\"text\":\"");
    note.body().codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        s.append('\\').appendCodePoint(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", c));
      } else {
        s.appendCodePoint(c);
      }
    });
    return s.append("\"}").toString();
  }
}
