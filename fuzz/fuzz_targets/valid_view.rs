#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zerowire_fuzz::bodies::valid_view(data));
