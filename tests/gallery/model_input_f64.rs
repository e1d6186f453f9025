// A model declares its inputs as quantities; a bare f64 has no dimension to check.
tanso::model_inputs! {
    /// A toy model's inputs.
    pub struct ToyInputs / ToyKeys {
        capacity: f64,
    }
}

fn main() {}
