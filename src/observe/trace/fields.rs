//! The text log format's fields, written as `tracing_subscriber`'s `DefaultFields` writes them,
//! byte for byte, at a fraction of its cost.
//!
//! Every RPC's span and every platform call's span reach the log layer, which writes their
//! fields into text when they are created and recorded (a line logged inside them then carries
//! them). `DefaultFields` writes each through `write!` with three formatted arguments, the name
//! painted in a style even when colours are off and the value through `Debug`, escaping char by
//! char: about a thousand instructions per field, twenty fields per unary call, 7 % of the
//! gateway's instructions per call. Here the common fields (a name without prefix, a plain
//! ASCII string, an integer or a boolean, colours off) are written directly; anything else is
//! written by `DefaultFields`' own visitor.

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::span;
use tracing_subscriber::field::{RecordFields, VisitFmt, VisitOutput};
use tracing_subscriber::fmt::format::{DefaultVisitor, Writer};
use tracing_subscriber::fmt::{FormatFields, FormattedFields};

/// The field formatter of text log lines (`fmt::layer().fmt_fields(TextFields)`).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct TextFields;

impl<'writer> FormatFields<'writer> for TextFields {
    fn format_fields<R: RecordFields>(&self, writer: Writer<'writer>, fields: R) -> fmt::Result {
        let mut visitor = TextVisitor {
            writer,
            is_empty: true,
            result: Ok(()),
        };
        fields.record(&mut visitor);
        visitor.finish()
    }

    /// Appends fields recorded after the span's creation, as `DefaultFields` does, then gives
    /// back the text's spare room: a span keeps its text for its whole life (a watch stream's
    /// for hours), and the text grew by doubling (an RPC's span to 256 bytes for 150).
    fn add_fields(
        &self,
        current: &'writer mut FormattedFields<Self>,
        fields: &span::Record<'_>,
    ) -> fmt::Result {
        if !current.fields.is_empty() {
            current.fields.push(' ');
        }
        let written = self.format_fields(current.as_writer(), fields);
        current.fields.shrink_to_fit();
        written
    }
}

/// Writes fields as `name=value` separated by spaces, like `DefaultVisitor`.
#[derive(Debug)]
pub(super) struct TextVisitor<'a> {
    writer: Writer<'a>,
    is_empty: bool,
    result: fmt::Result,
}

impl TextVisitor<'_> {
    /// Whether `field` is written as plain `name=`: not the message (written without its name),
    /// not a raw identifier (`r#type`), not log metadata (skipped), and no colours.
    fn plain(&self, field: &Field) -> bool {
        let name = field.name();
        name != "message"
            && !name.starts_with("r#")
            && !name.starts_with("log.")
            && !self.writer.has_ansi_escapes()
    }

    /// Starts a plain field: the separating space, the name and `=`.
    fn start(&mut self, field: &Field) -> bool {
        if self.result.is_err() {
            return false;
        }
        if !std::mem::replace(&mut self.is_empty, false) {
            self.result = self.writer.write_char(' ');
        }
        self.result = self
            .result
            .and_then(|()| self.writer.write_str(field.name()))
            .and_then(|()| self.writer.write_char('='));
        self.result.is_ok()
    }

    /// Any other field, by `DefaultVisitor` (which pads, names and skips as it always does).
    fn by_default(&mut self, field: &Field, record: impl FnOnce(&mut DefaultVisitor<'_>)) {
        if self.result.is_err() {
            return;
        }
        let mut visitor = DefaultVisitor::new(self.writer.by_ref(), self.is_empty);
        record(&mut visitor);
        self.result = visitor.finish();
        // It skips log metadata, which leaves the line as it was.
        if !field.name().starts_with("log.") {
            self.is_empty = false;
        }
    }
}

/// Whether `Debug` writes `text` quoted and unchanged: printable ASCII without `"` or `\`.
fn debug_verbatim(text: &str) -> bool {
    text.bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
}

impl Visit for TextVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if self.plain(field) && debug_verbatim(value) {
            if self.start(field) {
                self.result = self
                    .writer
                    .write_char('"')
                    .and_then(|()| self.writer.write_str(value))
                    .and_then(|()| self.writer.write_char('"'));
            }
        } else {
            self.by_default(field, |v| v.record_str(field, value));
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if self.plain(field) {
            if self.start(field) {
                self.result = write!(self.writer, "{value}");
            }
        } else {
            self.by_default(field, |v| v.record_i64(field, value));
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        if self.plain(field) {
            if self.start(field) {
                self.result = write!(self.writer, "{value}");
            }
        } else {
            self.by_default(field, |v| v.record_u64(field, value));
        }
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        if self.plain(field) {
            if self.start(field) {
                self.result = self.writer.write_str(if value { "true" } else { "false" });
            }
        } else {
            self.by_default(field, |v| v.record_bool(field, value));
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.by_default(field, |v| v.record_error(field, value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.by_default(field, |v| v.record_debug(field, value));
    }
}

impl VisitOutput<fmt::Result> for TextVisitor<'_> {
    fn finish(self) -> fmt::Result {
        self.result
    }
}

impl VisitFmt for TextVisitor<'_> {
    fn writer(&mut self) -> &mut dyn fmt::Write {
        &mut self.writer
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::format::{DefaultFields, FormatFields};
    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Lines {
        type Writer = Lines;

        fn make_writer(&'a self) -> Lines {
            self.clone()
        }
    }

    /// Spans and events with every kind of field, as logged with `fields`.
    fn logged<N>(fields: N, ansi: bool) -> String
    where
        N: for<'w> FormatFields<'w> + Send + Sync + 'static,
    {
        let lines = Lines::default();
        let subscriber = tracing_subscriber::fmt()
            .fmt_fields(fields)
            .with_ansi(ansi)
            .without_time()
            .with_writer(lines.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let error = std::io::Error::other("broken pipe");
            let span = tracing::info_span!(
                "rpc",
                otel.name = "wadispatch.v1.TaskService/GetTaskExecutionStatus",
                rpc.system = "grpc",
                quoted = "say \"hi\" \\ now",
                unicode = "tâche\u{301} \u{7f}",
                empty = "",
                r#type = "raw",
                code = -5i64,
                big = u64::MAX,
                flag = true,
                ratio = 0.5f64,
                debugged = ?Some(3),
                shown = %"display",
                status = tracing::field::Empty,
            );
            span.record("status", 14i64);
            span.record("status", "late \n text");
            let _entered = span.enter();
            tracing::info!(caller = "ops", n = 7u64, %error, "the call ended: \"{}\"", 42);
            tracing::warn!(message = "only a message");
            tracing::info!(caller = "ops");
        });
        let written = lines.0.lock().unwrap().clone();
        String::from_utf8(written).unwrap()
    }

    #[test]
    fn fields_are_written_as_default_fields_writes_them() {
        for ansi in [false, true] {
            let ours = logged(TextFields, ansi);
            assert_eq!(ours.lines().count(), 3, "{ours}");
            assert_eq!(ours, logged(DefaultFields::new(), ansi));
        }
        assert!(logged(TextFields, false).contains(
            "rpc{otel.name=\"wadispatch.v1.TaskService/GetTaskExecutionStatus\" rpc.system=\"grpc\""
        ));
    }

    #[test]
    fn a_spans_text_keeps_no_spare_room_once_recorded() {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::registry::LookupSpan;

        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .fmt_fields(TextFields)
                .with_ansi(false)
                .with_writer(std::io::sink),
        );
        let dispatch = tracing::Dispatch::new(subscriber);
        let text = |span: &tracing::Span| {
            let registry = dispatch
                .downcast_ref::<tracing_subscriber::Registry>()
                .unwrap();
            let data = registry.span(&span.id().unwrap()).unwrap();
            let extensions = data.extensions();
            let fields = &extensions
                .get::<FormattedFields<TextFields>>()
                .unwrap()
                .fields;
            (fields.clone(), fields.capacity())
        };
        tracing::dispatcher::with_default(&dispatch, || {
            let span = tracing::info_span!(
                "rpc",
                otel.name = "wadispatch.v1.TaskService/WatchTask",
                rpc.service = "wadispatch.v1.TaskService",
                rpc.method = "WatchTask",
                caller = tracing::field::Empty,
            );
            span.record("caller", "anonymous");
            let (fields, capacity) = text(&span);
            assert_eq!(
                fields,
                "otel.name=\"wadispatch.v1.TaskService/WatchTask\" \
                 rpc.service=\"wadispatch.v1.TaskService\" rpc.method=\"WatchTask\" \
                 caller=\"anonymous\""
            );
            assert_eq!(capacity, fields.len());
        });
    }
}
