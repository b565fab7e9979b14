//! `zerowire encode --schema F --type T [--frames]`: JSON on stdin, binary on
//! stdout (with `--frames`, any number of JSON documents, one frame each).

use std::io::{Read, Write};

use zerowire::frame::{Frame, FrameConfig, FrameHeader};

use super::{FAILED, OK, Target};
use crate::dynamic::{Codec, parse_json_stream};

/// Arguments of `zerowire encode`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// Write a stream of frames (FORMAT.md section 15), one per JSON document.
    #[arg(long)]
    pub frames: bool,
    /// With `--frames`: add a CRC32C trailer to every frame.
    #[arg(long, requires = "frames")]
    pub checksum: bool,
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
    let mut input = String::new();
    // A stream of documents may be long; each one is bounded by the codec.
    let limit = if a.frames { u64::MAX } else { zerowire::Limits::default().max_size as u64 + 1 };
    if let Err(e) = std::io::stdin().lock().take(limit).read_to_string(&mut input) {
        eprintln!("error: cannot read standard input: {e}");
        return FAILED;
    }
    let mut out = std::io::stdout().lock();
    if !a.frames {
        return match codec.encode_json(msg, &input) {
            Ok(bytes) => {
                if out.write_all(&bytes).and_then(|()| out.flush()).is_err() {
                    return FAILED;
                }
                OK
            }
            Err(e) => {
                eprintln!("error: {e}");
                FAILED
            }
        };
    }
    let type_id = schema.messages[msg].type_id;
    let mut writer = FrameConfig::default().checksum(a.checksum).new_writer(out);
    for (n, doc) in parse_json_stream(&input).enumerate() {
        let bytes = match doc.and_then(|d| codec.encode_value(msg, &d)) {
            Ok(b) => b,
            Err(e) => {
                // Frames already written stay valid; stop at the first bad document.
                let _ = writer.flush();
                eprintln!("error: document {n}: {e}");
                return FAILED;
            }
        };
        let frame = Frame::new(FrameHeader::binary(type_id), bytes.into());
        if let Err(e) = writer.write_frame(&frame) {
            eprintln!("error: document {n}: {e}");
            return FAILED;
        }
    }
    if let Err(e) = writer.flush() {
        eprintln!("error: {e}");
        return FAILED;
    }
    OK
}
