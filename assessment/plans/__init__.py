"""Action plans for HR and consultants: generate, edit together, track, export."""
