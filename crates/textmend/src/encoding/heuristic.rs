pub fn is_bad(_t: &str) -> bool {
    false
}
