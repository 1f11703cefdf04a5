"""The contact centre: klantcontacten on every channel, contactverzoeken (callbacks and
internal tasks), the omnichannel inbox and the klantbeeld."""
