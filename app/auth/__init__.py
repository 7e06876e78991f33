"""Who is asking, and what they may do: tokens, the Actor, and the permission rules."""
