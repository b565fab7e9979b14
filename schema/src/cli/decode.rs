//! `zerowire decode --schema F --type T [--frames]`: binary on stdin, JSON on
//! stdout (one document per line with `--frames`).

use std::io::{Read, Write};

use zerowire::frame::{FrameConfig, PayloadFormat};

use super::{FAILED, OK, Target};
use crate::dynamic::Codec;

/// Arguments of `zerowire decode`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// Read a stream of frames (FORMAT.md section 15), not one bare message.
    #[arg(long)]
    pub frames: bool,
}

pub(crate) fn run(a: Args) -> u8 {
    let schema = match a.target.load() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let codec = Codec::new(&schema);
    let msg = match a.target.message(&codec) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    if !a.frames {
        let mut input = Vec::new();
        // Read at most one byte past the size limit: the codec refuses more.
        let limit = zerowire::Limits::default().max_size as u64 + 1;
        if let Err(e) = std::io::stdin().lock().take(limit).read_to_end(&mut input) {
            eprintln!("error: cannot read standard input: {e}");
            return FAILED;
        }
        // Streamed: the JSON of a hostile message can be far larger than it.
        let mut w = std::io::BufWriter::new(&mut out);
        return match codec.write_json(msg, &input, &mut w).map(|()| writeln!(w).and_then(|()| w.flush())) {
            Ok(Ok(())) => OK,
            Ok(Err(_)) => FAILED, // stdout closed
            Err(e) => {
                drop(w);
                eprintln!("error: {e}");
                FAILED
            }
        };
    }
    let type_id = schema.messages[msg].type_id;
    let mut reader = FrameConfig::default().new_reader(std::io::stdin().lock());
    let mut code = OK;
    let mut n = 0usize;
    loop {
        let frame = match reader.read_frame() {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                // A stream error: nothing tells where a next frame would start.
                eprintln!("error: frame {n}: {e}");
                return FAILED;
            }
        };
        let result = if frame.header.type_id != 0 && frame.header.type_id != type_id {
            Err(format!(
                "type id {:#x} is not {}'s ({type_id:#x})",
                frame.header.type_id, schema.messages[msg].full_name
            ))
        } else {
            match frame.header.format {
                PayloadFormat::Binary => {
                    // Validate first, so that an error prints nothing for this frame.
                    match codec.view(msg, &frame.payload) {
                        Ok(view) => {
                            let mut w = std::io::BufWriter::new(&mut out);
                            if serde_json::to_writer(&mut w, &view).is_err()
                                || writeln!(w).is_err()
                                || w.flush().is_err()
                            {
                                return FAILED;
                            }
                            n += 1;
                            continue;
                        }
                        Err(e) => Err(e.to_string()),
                    }
                }
                // A JSON frame: checked against the schema and written in canonical form.
                PayloadFormat::Json => std::str::from_utf8(&frame.payload)
                    .map_err(|e| e.to_string())
                    .and_then(|text| codec.encode_json(msg, text).map_err(|e| e.to_string()))
                    .and_then(|bytes| codec.decode_json(msg, &bytes).map_err(|e| e.to_string())),
                other => Err(format!("unsupported payload format {other:?}")),
            }
        };
        match result {
            Ok(json) => {
                if writeln!(out, "{json}").is_err() {
                    return FAILED;
                }
            }
            Err(e) => {
                // A bad payload is an error of this frame only: go on.
                eprintln!("error: frame {n}: {e}");
                code = FAILED;
            }
        }
        n += 1;
    }
    code
}
